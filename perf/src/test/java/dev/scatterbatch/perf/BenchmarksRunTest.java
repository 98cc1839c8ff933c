package dev.scatterbatch.perf;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.util.Collection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every JMH benchmark runs: one short measured iteration each, in this JVM, so a benchmark that throws or no longer
 * compiles fails the build. No figure is checked (speed depends on the machine and its load).
 */
class BenchmarksRunTest {

    @Test
    void everyBenchmarkRunsAndMeasuresSomething() throws RunnerException {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(BenchmarksRunTest.class.getPackageName() + "\\..*Benchmark\\..*")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(50))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build()).run();

        List<String> ran = results.stream().map(r -> r.getParams().getBenchmark()).distinct().toList();
        assertThat(ran).containsExactlyInAnyOrder(
                "dev.scatterbatch.perf.CostLedgerBenchmark.chargeOneIoctl",
                "dev.scatterbatch.perf.EventQueueBenchmark.scheduleAndStep",
                "dev.scatterbatch.perf.GuestAllocatorBenchmark.allocateAndFreeAnIterationsBuffers",
                "dev.scatterbatch.perf.IntervalTreeBenchmark.insertQueryRemove",
                "dev.scatterbatch.perf.KfdIoctlBenchmark.allocMapUnmapFree",
                "dev.scatterbatch.perf.PerRangeIterationBenchmark.oneIteration");
        assertThat(results).allSatisfy(r -> {
            assertThat(r.getPrimaryResult().getSampleCount()).isPositive();
            assertThat(r.getPrimaryResult().getScore()).isFinite().isPositive();
        });
    }
}
