package dev.scatterbatch.app.run;

import dev.scatterbatch.guest.workload.Workload;
import dev.scatterbatch.guest.workload.WorkloadLoader;
import dev.scatterbatch.model.cost.Component;
import dev.scatterbatch.model.cost.Parameter;
import dev.scatterbatch.model.cost.PinAccounting;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.scenario.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The series' v1 (svm-pinned) and the reviewers' svm beside the other designs: pinned pages are never invalidated,
 * pinning fails where the host cannot give pages back while HMM designs keep running, and svm says in one sentence
 * why it cannot run for a scattered buffer and runs for a buffer of one range.
 */
class SvmScenariosTest {

    private static RunStatistics run(Scenario s, TrapCostProfile p, Workload w, double pressure) {
        return Benchmark.runWorld(new WorldSpec(s, p, w, 42, 1, 3, WorldSpec.DEFAULT_HOST_RAM, pressure), Transport.DIRECT, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"seed-opencl", "scatter-4000", "llm-7b", "sd-comfyui"})
    void everyDesignRunsOrSaysWhyOnEveryBundledWorkload(String workload) {
        Workload w = WorkloadLoader.load(workload);
        for (Scenario s : Scenario.values()) {
            RunStatistics r = run(s, TrapCostProfile.defaults(), w, 0);
            if (s == Scenario.SVM) {
                assertThat(r.status()).as(workload + " svm").isEqualTo("aborted");
                assertThat(r.error()).contains("svm cannot run under KVM here").contains("scattered host VA ranges");
            } else {
                assertThat(r.status()).as(workload + " " + s.key()).isEqualTo("completed");
                assertThat(r.iterations()).isEqualTo(3);
            }
        }
    }

    @Test
    void pinnedPagesAreNeverInvalidatedUnderPressure() {
        Workload w = WorkloadLoader.load("seed-opencl");
        RunStatistics pinned = run(Scenario.SVM_PINNED, TrapCostProfile.defaults(), w, 100);
        RunStatistics batch = run(Scenario.BATCH, TrapCostProfile.defaults(), w, 100);
        assertThat(pinned.status()).isEqualTo("completed");
        assertThat(pinned.evictions()).isZero();
        assertThat(pinned.queueStallNs()).isZero();
        assertThat(pinned.attributionPerIteration().getOrDefault(Component.EVICTION_STALL, 0.0)).isZero();
        // the same events stall batch, whose pages are only tracked by notifiers
        assertThat(batch.evictions()).isPositive();
        assertThat(batch.attributionPerIteration().get(Component.EVICTION_STALL)).isPositive();
    }

    @Test
    void oversubscribedHostRefusesPinsWhileBatchKeepsRunning() {
        Workload w = WorkloadLoader.load("seed-opencl");
        TrapCostProfile p = TrapCostProfile.defaults().with(Parameter.OVERSUBSCRIBE, 1.5);
        RunStatistics pinned = run(Scenario.SVM_PINNED, p, w, 100);
        RunStatistics batch = run(Scenario.BATCH, p, w, 100);
        assertThat(pinned.status()).isEqualTo("aborted");
        assertThat(pinned.error()).contains("AMDKFD_IOC_SVM_RANGES could not register").contains("oversubscribe").endsWith("(ENOMEM)");
        assertThat(batch.status()).isEqualTo("completed");
        assertThat(batch.evictions()).isPositive();
        // not oversubscribed (all demand within RAM), the same pins succeed
        assertThat(run(Scenario.SVM_PINNED, TrapCostProfile.defaults().with(Parameter.OVERSUBSCRIBE, 1.0), w, 0).status())
                .isEqualTo("completed");
    }

    @Test
    void memlockAccountingRefusesPinsPastTheLimit() {
        Workload w = WorkloadLoader.load("seed-opencl");
        TrapCostProfile memlock = TrapCostProfile.defaults().with(Parameter.PIN_ACCOUNTING, PinAccounting.MEMLOCK);
        RunStatistics refused = run(Scenario.SVM_PINNED, memlock, w, 0);
        assertThat(refused.error()).contains("RLIMIT_MEMLOCK").endsWith("(ENOMEM)");
        // a limit that holds every buffer of an iteration at once lets it run
        assertThat(run(Scenario.SVM_PINNED, memlock.with(Parameter.MEMLOCK_LIMIT, 1L << 30), w, 0).status()).isEqualTo("completed");
    }

    @Test
    void svmRunsForBuffersOfOneRangeAndRestoresAfterEvictions() {
        Workload w = WorkloadLoader.withOverrides(WorkloadLoader.load("seed-opencl"), List.of("hugePagePool=1GiB",
                "buffers[0].size=32MiB", "buffers[0].hugePages=true", "buffers[0].fragmentation.runPages=8192"));
        RunStatistics quiet = run(Scenario.SVM, TrapCostProfile.defaults(), w, 0);
        assertThat(quiet.status()).isEqualTo("completed");
        assertThat(quiet.rangesRegistered()).isEqualTo(quiet.buffersRegistered());
        RunStatistics pressed = run(Scenario.SVM, TrapCostProfile.defaults(), w, 100);
        assertThat(pressed.status()).isEqualTo("completed");
        assertThat(pressed.queueStallNs()).isPositive();
        assertThat(pressed.meanIterationNs()).isGreaterThan(quiet.meanIterationNs());
    }
}
