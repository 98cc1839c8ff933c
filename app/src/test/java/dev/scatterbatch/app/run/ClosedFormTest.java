package dev.scatterbatch.app.run;

import dev.scatterbatch.guest.workload.Workload;
import dev.scatterbatch.guest.workload.WorkloadLoader;
import dev.scatterbatch.model.cost.ProfileLoader;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.scenario.Scenario;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * With one guest, no invalidations and no jitter, every scenario's simulated iteration time equals the closed
 * form ({@link ClosedForm}, docs/model-mechanisms.md) within 0.1%, over several workloads and profiles, teardown
 * included.
 */
class ClosedFormTest {

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        List<String> profiles = List.of("default", "nested", "measured-here");
        List<List<String>> overrides = List.of(List.of(), List.of("splitLocation=guest"),
                List.of("kfdAllocFixed=50us", "faultPerPage=1us", "mapPerPage=500ns", "guestComputeSlowdown=0.1", "kickPath=vmm-exit"),
                List.of("gpuUnmapPerCall=20us", "kfdFreeFixed=9us", "tlbFlushPerMap=6us", "notifierInsertPerRange=2us",
                        "mmapLockCycle=1us", "vcpus=16", "nestedMultiplier=3"));
        // seed-opencl (R=500, P=8), scatter-4000 (R=4000, P=1), and huge-page variants of seed-opencl (R=8 and R=1)
        List<Fixed> workloads = List.of(
                new Fixed("seed-opencl", List.of(), 500, 8, false),
                new Fixed("scatter-4000", List.of(), 4000, 1, false),
                new Fixed("seed-opencl", List.of("hugePagePool=1GiB", "buffers[0].size=32MiB", "buffers[0].hugePages=true",
                        "buffers[0].fragmentation.runPages=1024"), 8, 1024, true),
                new Fixed("seed-opencl", List.of("hugePagePool=1GiB", "buffers[0].size=32MiB", "buffers[0].hugePages=true",
                        "buffers[0].fragmentation.runPages=8192"), 1, 8192, true));
        for (String profile : profiles) {
            for (List<String> set : overrides) {
                for (Fixed w : workloads) {
                    for (Scenario s : Scenario.values()) {
                        // svm exists only where a buffer is one host VA range (SvmPathTest covers the refusal)
                        if (s != Scenario.SVM || w.ranges() == 1) out.add(Arguments.of(profile, set, w, s));
                    }
                }
            }
        }
        return out.stream();
    }

    record Fixed(String name, List<String> changes, long ranges, long pagesPerRange, boolean huge) {
        Workload load() {
            return WorkloadLoader.withOverrides(WorkloadLoader.load(name), changes);
        }

        @Override
        public String toString() {
            return name + changes;
        }
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @MethodSource("cases")
    void simulatedIterationTimeMatchesTheClosedForm(String profileName, List<String> overrides, Fixed fixed, Scenario scenario) {
        TrapCostProfile profile = ProfileLoader.applyOverrides(ProfileLoader.load(profileName), overrides);
        Workload w = fixed.load();
        int buffers = w.buffers().stream().mapToInt(b -> b.count()).sum();
        WorldSpec spec = new WorldSpec(scenario, profile, w, 42, 1, 3, WorldSpec.DEFAULT_HOST_RAM, 0);
        RunStatistics stats = Benchmark.runWorld(spec, Transport.DIRECT, null);
        double expected = new ClosedForm(profile, buffers, fixed.ranges(), fixed.pagesPerRange(), w.computeNs(), fixed.huge())
                .iterationNs(scenario);
        // issue 9 calls a world stalled once an iteration takes over 100 times its GPU work (nested, guest split,
        // per-range on 4000 ranges: 5.5 s against 43 ms); its finished iterations still follow the closed form
        if (stats.error() != null) assertThat(stats.error()).startsWith("stalled: an iteration took ");
        assertThat(stats.meanIterationNs()).isCloseTo(expected, within(expected * 0.001));
    }
}
