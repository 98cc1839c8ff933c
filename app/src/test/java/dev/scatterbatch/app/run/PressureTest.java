package dev.scatterbatch.app.run;

import dev.scatterbatch.app.report.BenchFormats;
import dev.scatterbatch.app.report.BenchReport;
import dev.scatterbatch.app.report.ScenarioResult;
import dev.scatterbatch.guest.workload.Workload;
import dev.scatterbatch.guest.workload.WorkloadLoader;
import dev.scatterbatch.model.cost.Component;
import dev.scatterbatch.model.cost.Parameter;
import dev.scatterbatch.model.cost.RestoreGranularity;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.scenario.Scenario;
import dev.scatterbatch.model.wire.RestoreOutcome;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/** Host memory pressure in the benchmark: evictions, restores and the stalls they cost (issue 4). */
class PressureTest {

    private static final List<Scenario> ALL = List.of(Scenario.values());

    private static WorldSpec spec(Workload w, double pressure, int iterations) {
        return new WorldSpec(Scenario.BARE_METAL, TrapCostProfile.defaults(), w, 42, 1, iterations, WorldSpec.DEFAULT_HOST_RAM, pressure);
    }

    private static double score(WorldSpec s, Scenario scenario, RestoreGranularity g) {
        WorldSpec w = s.withScenario(scenario).withProfile(s.profile().with(Parameter.RESTORE_GRANULARITY, g));
        return Benchmark.scoreConstant(s) / Benchmark.runWorld(w, Transport.DIRECT, null).meanIterationNs();
    }

    @Test
    void withoutEventsResultsAreIdenticalToARunWithoutPressure() {
        Workload seed = WorkloadLoader.load("seed-opencl");
        Workload zeroRates = WorkloadLoader.withOverrides(seed, List.of("hostMemoryEvents.swapOut.rate=0",
                "hostMemoryEvents.migration.rate=0", "hostMemoryEvents.munmap.rate=0"));
        String plain = BenchFormats.json(Benchmark.run(spec(seed, 0, 3), ALL, Transport.DIRECT, i -> { }));
        String zero = BenchFormats.json(Benchmark.run(spec(zeroRates, 0, 3), ALL, Transport.DIRECT, i -> { }));
        assertThat(zero.replace("\"workload\" : \"seed-opencl\"", "")).isEqualTo(plain.replace("\"workload\" : \"seed-opencl\"", ""));
        assertThat(plain).contains("\"evictionStall\" : 0");
    }

    @Test
    void wholeBoRestoreLosesMoreThanPerRangeForBatchAndTheGapGrowsWithRangesPerBuffer() {
        Workload fewRanges = WorkloadLoader.withOverrides(WorkloadLoader.load("seed-opencl"), List.of("buffers[0].fragmentation.runPages=80"));
        Workload manyRanges = WorkloadLoader.load("seed-opencl");
        double gapFew = score(spec(fewRanges, 100, 20), Scenario.BATCH, RestoreGranularity.PER_RANGE)
                - score(spec(fewRanges, 100, 20), Scenario.BATCH, RestoreGranularity.WHOLE_BO);
        double gapMany = score(spec(manyRanges, 100, 20), Scenario.BATCH, RestoreGranularity.PER_RANGE)
                - score(spec(manyRanges, 100, 20), Scenario.BATCH, RestoreGranularity.WHOLE_BO);
        assertThat(gapFew).isPositive();
        assertThat(gapMany).isGreaterThan(gapFew);
    }

    @Test
    void pressureCostsStallsThatShowInTheAttributionAndTheCounts() {
        RunStatistics s = Benchmark.runWorld(spec(WorkloadLoader.load("seed-opencl"), 100, 10).withScenario(Scenario.BATCH),
                Transport.DIRECT, null);
        assertThat(s.evictions()).isPositive();
        assertThat(s.restoresByOutcome()).containsKey(RestoreOutcome.SUCCESS);
        assertThat(s.queueStallNs()).isPositive();
        assertThat(s.attributionPerIteration().get(Component.EVICTION_STALL)).isPositive();
    }

    @Test
    void underPressureTheSameSeedGivesTheSameNumbersOnBothTransports() {
        WorldSpec s = spec(WorkloadLoader.load("seed-opencl"), 300, 2);
        String direct = BenchFormats.json(Benchmark.run(s, ALL, Transport.DIRECT, i -> { }));
        assertThat(BenchFormats.json(Benchmark.run(s, ALL, Transport.DIRECT, i -> { }))).isEqualTo(direct);
        String bus = BenchFormats.json(Benchmark.run(s, ALL, Transport.EVENTBUS, i -> { }));
        assertThat(bus.replace("\"transport\" : \"eventbus\"", "")).isEqualTo(direct.replace("\"transport\" : \"direct\"", ""));
    }

    @Test
    void aCollapsedScenarioIsReportedAsStalledInsteadOfRunningForever() {
        RunStatistics s = Benchmark.runWorld(spec(WorkloadLoader.load("seed-opencl"), 1000, 1).withScenario(Scenario.PER_RANGE),
                Transport.DIRECT, null);
        assertThat(s.error()).startsWith("stalled:");
        assertThat(s.status()).isEqualTo("stalled");
        // the iteration in progress never counts, and a stalled world has no score
        assertThat(s.iterations()).isZero();
        assertThat(Benchmark.score(s, 1e12)).isNaN();
    }

    @Test
    void aWorldWhoseIterationsTakeOverAHundredTimesTheirGpuWorkIsStalledEvenIfItFinishes() {
        WorldSpec w = spec(WorkloadLoader.load("seed-opencl"), 700, 2).withScenario(Scenario.BARE_METAL);
        RunStatistics s = Benchmark.runWorld(w, Transport.DIRECT, null);
        assertThat(s.status()).isEqualTo("stalled");
        assertThat(s.longestIterationNs()).isGreaterThan(Benchmark.perIterationLimitNs(w));
        assertThat(s.error()).startsWith("stalled: an iteration took ");
    }

    @Test
    void aBenchWithStalledWorldsGivesThemNoScoreAndNoPercentageInAnyFormat() {
        BenchReport report = Benchmark.run(spec(WorkloadLoader.load("seed-opencl"), 1000, 2),
                List.of(Scenario.BARE_METAL, Scenario.PER_RANGE, Scenario.BATCH), Transport.DIRECT, i -> { });
        ScenarioResult perRange = report.scenarios().stream().filter(r -> r.name().equals("per-range")).findFirst().orElseThrow();
        assertThat(perRange.status()).isEqualTo("stalled");
        assertThat(perRange.score()).isNaN();
        assertThat(report.scenarios()).allSatisfy(r -> assertThat(r.percentOfBareMetal()).as(r.name()).isNaN());

        assertThat(BenchFormats.table(report)).containsPattern("(?m)^per-range +stalled +- ")
                .contains("per-range: stalled, no score: an iteration did not finish")
                .doesNotContainPattern("(?m)^(bare-metal|per-range|batch) +\\S+ +\\d+\\.\\d%");
        assertThat(BenchFormats.json(report)).contains("\"name\" : \"per-range\",\n    \"status\" : \"stalled\",\n    \"score\" : null,\n    \"percentOfBareMetal\" : null");
        assertThat(BenchFormats.csv(report)).containsPattern("(?m)^default,seed-opencl,42,direct,1,per-range,,,.*,stalled,\"?stalled: ");
    }

    @Test
    void thePressureCurveStartsAtThePressureFreeScoresAndFallsWithTheRate() {
        WorldSpec s = spec(WorkloadLoader.load("seed-opencl"), 0, 5);
        PressureCurve curve = PressureCurve.run(s, List.of(Scenario.PER_RANGE, Scenario.BATCH), List.of(0.0, 100.0), Transport.DIRECT, i -> { });
        assertThat(curve.columns()).extracting(PressureCurve.Column::label)
                .containsExactly("per-range", "batch (per-range restore)", "batch (whole-bo restore)");
        assertThat(curve.scores()[0][0]).isCloseTo(79_895, offset(100.0));
        assertThat(curve.scores()[0][1]).isEqualTo(curve.scores()[0][2]);
        for (int c = 0; c < 3; c++) assertThat(curve.scores()[1][c]).isLessThan(curve.scores()[0][c]);
        assertThat(curve.stopsPayingAt(1, 0)).isNaN();
    }
}
