package dev.scatterbatch.perf;

import dev.scatterbatch.app.run.Benchmark;
import dev.scatterbatch.app.run.RunStatistics;
import dev.scatterbatch.app.run.Transport;
import dev.scatterbatch.app.run.WorldSpec;
import dev.scatterbatch.guest.workload.WorkloadLoader;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.scenario.Scenario;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * A whole world of the per-range scenario on the seed-opencl workload for one iteration, on the direct transport:
 * guest allocation, the VMM, every host ioctl, the GPU and the scheduler, what {@code bench} runs per world.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PerRangeIterationBenchmark {

    private final WorldSpec spec = new WorldSpec(Scenario.PER_RANGE, TrapCostProfile.defaults(), WorkloadLoader.load("seed-opencl"),
            42, 1, 1, WorldSpec.DEFAULT_HOST_RAM, 0);

    /** Builds the world and runs its one iteration. */
    @org.openjdk.jmh.annotations.Benchmark
    public double oneIteration() {
        RunStatistics stats = Benchmark.runWorld(spec, Transport.DIRECT, null);
        if (stats.error() != null) throw new IllegalStateException("the benchmarked world failed: " + stats.error());
        return stats.meanIterationNs();
    }
}
