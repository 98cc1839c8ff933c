package dev.scatterbatch.kvmprobe;

import dev.scatterbatch.model.cost.Parameter;
import dev.scatterbatch.model.cost.ProfileLoader;
import dev.scatterbatch.model.cost.TrapCostProfile;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TrapCostDerivationTest {

    private static KvmProbeResult result(double loop, double pioKick, double roundTrip, double pioExit, double ioctl) {
        Map<ProbeOperation, Latency> l = new EnumMap<>(ProbeOperation.class);
        for (ProbeOperation op : ProbeOperation.values()) l.put(op, new Latency(1000, 1000, 1));
        l.put(ProbeOperation.GUEST_LOOP, new Latency(loop, loop, 1));
        l.put(ProbeOperation.PIO_KICK, new Latency(pioKick, pioKick, 1));
        l.put(ProbeOperation.KICK_BLOCKED_ACK, new Latency(roundTrip, roundTrip, 1));
        l.put(ProbeOperation.PIO_EXIT, new Latency(pioExit, pioExit, 1));
        l.put(ProbeOperation.HOST_IOCTL, new Latency(ioctl, ioctl, 1));
        return new KvmProbeResult(GuestMode.LM3, 600, l, "placement");
    }

    @Test
    void eachParameterComesFromItsMeasurement() {
        TrapCostProfile p = TrapCostDerivation.profile(result(30, 3030, 15030, 27000, 200));
        assertThat(p.kickExitNs()).isEqualTo(3000);
        assertThat(p.vmmWakeupNs()).isEqualTo(12000);
        assertThat(p.vmExitUserNs()).isEqualTo(27000);
        assertThat(p.hostIoctlNs()).isEqualTo(200);
        assertThat(p.name()).isEqualTo("probe-kvm");
    }

    @Test
    void parametersTheProbeCannotMeasureKeepTheirDefaults() {
        TrapCostProfile p = TrapCostDerivation.profile(result(30, 3030, 15030, 27000, 200));
        TrapCostProfile d = TrapCostProfile.defaults();
        for (Parameter untouched : new Parameter[]{Parameter.GUEST_SYSCALL, Parameter.VMM_DECODE, Parameter.IRQ_INJECT,
                Parameter.GUEST_WAKEUP, Parameter.NESTED_MULTIPLIER}) {
            assertThat(p.get(untouched)).as(untouched.key()).isEqualTo(d.get(untouched));
        }
    }

    @Test
    void valuesKeepThreeSignificantDigits() {
        assertThat(TrapCostDerivation.rounded(27_321.4)).isEqualTo(27_300);
        assertThat(TrapCostDerivation.rounded(2_934.0)).isEqualTo(2_930);
        assertThat(TrapCostDerivation.rounded(202.4)).isEqualTo(202);
        assertThat(TrapCostDerivation.rounded(27.5)).isEqualTo(28);
    }

    @Test
    void aWakeUpFasterThanTheKickIsZeroNotNegative() {
        assertThat(TrapCostDerivation.profile(result(30, 3030, 2000, 27000, 200)).vmmWakeupNs()).isZero();
    }

    @Test
    void theWrittenYamlLoadsBackAsTheSameProfileAndSaysWhereEachValueCameFrom() {
        KvmProbeResult r = result(30, 3030, 15030, 27000, 200);
        String yaml = TrapCostDerivation.yaml(r, "measured on a test host");
        assertThat(ProfileLoader.parse(yaml, "probe.yaml", "probe-kvm")).isEqualTo(TrapCostDerivation.profile(r));
        assertThat(yaml).contains("# measured on a test host", "# guest mode lm3",
                "# kickExit 3us: median PIO ioeventfd kick", "# vmmWakeup 12us: median kick to a blocked host thread",
                "# Not measured (defaults kept): guestSyscall");
    }

    @Test
    void theReferenceFiguresGiveTheBundledMeasuredHereProfile() {
        TrapCostProfile derived = TrapCostDerivation.profile(KvmMeasuredReference.lm3Result());
        TrapCostProfile bundled = ProfileLoader.load("measured-here");
        for (TrapCostDerivation.Derived d : TrapCostDerivation.derive(KvmMeasuredReference.lm3Result())) {
            Parameter p = d.parameter();
            assertThat(derived.number(p)).as(p.key()).isCloseTo(bundled.number(p), within(bundled.number(p) * 0.01));
        }
    }
}
