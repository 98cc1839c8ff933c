package dev.scatterbatch.model.cost;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrapCostProfileTest {

    @Test
    void defaultsAreTheDesignTable() {
        TrapCostProfile d = TrapCostProfile.defaults();
        assertThat(d.formatted()).containsEntry("guestSyscall", "250ns").containsEntry("hostIoctl", "250ns")
                .containsEntry("kickExit", "1us").containsEntry("vmExitUser", "4us").containsEntry("vmmWakeup", "5us")
                .containsEntry("vmmDecode", "7us").containsEntry("irqInject", "2us").containsEntry("guestWakeup", "5us")
                .containsEntry("nestedMultiplier", "1").containsEntry("splitLocation", "host-vmm")
                .containsEntry("kfdAllocFixed", "14us").containsEntry("gpuMapPerCall", "7us").containsEntry("tlbFlushPerMap", "3us")
                .containsEntry("notifierInsertPerRange", "250ns").containsEntry("hmmRangePerRange", "150ns")
                .containsEntry("mmapLockCycle", "100ns").containsEntry("faultPerPage", "100ns").containsEntry("mapPerPage", "300ns")
                .containsEntry("hugePageFactor", "0.75").containsEntry("teardown", "synchronous")
                .containsEntry("gpuUnmapPerCall", "5us").containsEntry("kfdFreeFixed", "2.5us").containsEntry("kernelHz", "250")
                .containsEntry("guestComputeSlowdown", "0.05").containsEntry("mremapPerRange", "2us")
                .containsEntry("maxMapCount", "65530").containsEntry("queueQuiesce", "100us")
                .containsEntry("revalidatePerBo", "10us").containsEntry("vcpus", "4").containsEntry("guestRam", "memfd")
                .containsEntry("restoreGranularity", "abi");
    }

    @Test
    void forwardedRoundTripIsTwentyMicrosecondsByDefault() {
        assertThat(TrapCostProfile.defaults().forwardedRoundTripNs()).isEqualTo(20_000);
    }

    @Test
    void nestedMultiplierScalesEveryPartThatInvolvesAnExit() {
        TrapCostProfile nested = TrapCostProfile.defaults().with(Parameter.NESTED_MULTIPLIER, 8.0);
        // kick, interrupt injection and guest wake-up are exits; the VMM's wake-up and decode run on the host
        assertThat(nested.forwardedRoundTripNs()).isEqualTo(8 * 1_000 + 5_000 + 7_000 + 8 * 2_000 + 8 * 5_000);
        // the remote TLB-flush IPIs and EPT re-faults of a KVM zap too; the zap itself is host work
        assertThat(nested.kvmInvalidationNs(10)).isEqualTo(2_000 + 8 * 4 * 1_000 + 8 * 10 * 1_000);
    }

    @Test
    void theRestoreDelayIsOneJiffy() {
        assertThat(TrapCostProfile.defaults().restoreDelayNs()).isEqualTo(4_000_000);
        assertThat(TrapCostProfile.defaults().with(Parameter.KERNEL_HZ, 300L).restoreDelayNs()).isEqualTo(3_333_334);
        assertThat(TrapCostProfile.defaults().with(Parameter.KERNEL_HZ, 1000L).restoreDelayNs()).isEqualTo(1_000_000);
    }

    @Test
    void perRangeWorkFollowsTheAbisNotifierAndLockCounts() {
        TrapCostProfile d = TrapCostProfile.defaults();
        assertThat(d.rangeWorkNs(500, 500, 500)).isEqualTo(500 * 500L);
        assertThat(d.rangeWorkNs(500, 1, 1)).isEqualTo(500 * 150L + 350);
    }

    @Test
    void vmmExitKickPathReplacesKickAndWakeupByTheUserSpaceExit() {
        TrapCostProfile p = TrapCostProfile.defaults().with(Parameter.KICK_PATH, KickPath.VMM_EXIT);
        assertThat(p.forwardedRoundTripNs()).isEqualTo(4_000 + 7_000 + 2_000 + 5_000);
    }

    @Test
    void outOfRangeValueIsRefusedNamingFieldValueAndRange() {
        assertThatThrownBy(() -> TrapCostProfile.defaults().with(Parameter.KFD_ALLOC_FIXED, -5_000L))
                .isInstanceOf(ConfigException.class)
                .hasMessage("kfdAllocFixed = -5us is out of range: allowed 0ns to 100ms");
        assertThatThrownBy(() -> TrapCostProfile.defaults().with(Parameter.HUGE_PAGE_FACTOR, 1.5))
                .hasMessage("hugePageFactor = 1.5 is out of range: allowed 0 to 1");
    }

    @Test
    void everyProblemOfAChangeIsReportedAndNothingChanges() {
        TrapCostProfile d = TrapCostProfile.defaults();
        assertThatThrownBy(() -> d.with(Map.of(Parameter.FAULT_PER_PAGE, -1L, Parameter.NESTED_MULTIPLIER, 0.5,
                Parameter.KFD_ALLOC_FIXED, 30_000L)))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(2));
        assertThat(d.kfdAllocFixedNs()).isEqualTo(14_000);
    }

    @Test
    void numericValuesRoundTripThroughNumbers() {
        for (Parameter p : List.of(Parameter.values())) {
            if (!p.isNumeric()) continue;
            Object v = p.defaultValue();
            assertThat(p.fromNumber(p.asNumber(v))).as(p.key()).isEqualTo(v);
        }
    }

    @Test
    void aWholeNumberSetsADurationInNanosecondsOrAFactorAndAValueOfTheWrongTypeIsRefusedByName() {
        TrapCostProfile d = TrapCostProfile.defaults();
        assertThat(d.with(Parameter.KFD_ALLOC_FIXED, 40_000).kfdAllocFixedNs()).isEqualTo(40_000);
        assertThat(d.with(Parameter.NESTED_MULTIPLIER, 8).number(Parameter.NESTED_MULTIPLIER)).isEqualTo(8.0);
        assertThatThrownBy(() -> d.with(Parameter.KFD_ALLOC_FIXED, 0.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("kfdAllocFixed takes a Long, not a Double (0.5)");
        assertThatThrownBy(() -> d.with(Parameter.KICK_PATH, SplitLocation.GUEST))
                .hasMessage("kickPath takes a KickPath, not a SplitLocation (GUEST)");
    }
}
