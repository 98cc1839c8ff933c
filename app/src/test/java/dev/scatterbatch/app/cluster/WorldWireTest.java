package dev.scatterbatch.app.cluster;

import dev.scatterbatch.app.report.BenchFormats;
import dev.scatterbatch.app.run.Benchmark;
import dev.scatterbatch.app.run.RunStatistics;
import dev.scatterbatch.app.run.Transport;
import dev.scatterbatch.app.run.WorldJob;
import dev.scatterbatch.app.run.WorldSpec;
import dev.scatterbatch.guest.workload.WorkloadLoader;
import dev.scatterbatch.model.cost.ProfileLoader;
import dev.scatterbatch.model.scenario.Scenario;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Worlds and their statistics cross to another process unchanged. */
class WorldWireTest {

    private static final WorldSpec SPEC = new WorldSpec(Scenario.PER_RANGE,
            ProfileLoader.applyOverrides(ProfileLoader.load("nested"), List.of("kfdAllocFixed=12.345us", "guestComputeSlowdown=0.0123")),
            WorkloadLoader.withOverrides(WorkloadLoader.load("seed-opencl"), List.of("buffers[0].fragmentation.runPages=8")),
            7, 2, 2, 64L << 30, 12.5);

    @Test
    void aWorldWithOverriddenProfileAndWorkloadDecodesEqualUnderItsName() {
        WorldSpec back = WorldWire.decode(WorldWire.encode(SPEC));
        assertThat(back).isEqualTo(SPEC);
        assertThat(back.profile().name()).isEqualTo(SPEC.profile().name());
    }

    @Test
    void statisticsDecodedGiveTheSameReportAsTheOriginal() {
        List<WorldSpec> worlds = List.of(SPEC.withScenario(Scenario.BARE_METAL), SPEC);
        String direct = BenchFormats.csv(Benchmark.runEach(worlds, List.of(Scenario.PER_RANGE), specs -> Benchmark.runAll(specs, Transport.DIRECT, i -> { })).getFirst());
        String viaWire = BenchFormats.csv(Benchmark.runEach(worlds, List.of(Scenario.PER_RANGE), specs -> specs.stream()
                .map(s -> WorldWire.decodeStatistics(WorldWire.encode(Benchmark.runWorld(WorldWire.decode(WorldWire.encode(s)), Transport.DIRECT, null))))
                .toList()).getFirst());
        assertThat(viaWire).isEqualTo(direct);
        RunStatistics s = Benchmark.runWorld(SPEC, Transport.DIRECT, null);
        assertThat(WorldWire.encode(WorldWire.decodeStatistics(WorldWire.encode(s)))).isEqualTo(WorldWire.encode(s));
    }

    @Test
    void aJobKeepsItsBudgetAndHowAFailureCounts() {
        for (WorldJob job : List.of(new WorldJob(SPEC, 123_456_789L, true), new WorldJob(SPEC, 987_654_321L, false), WorldJob.of(SPEC))) {
            assertThat(WorldWire.decodeJob(WorldWire.encode(job))).isEqualTo(job);
        }
    }
}
