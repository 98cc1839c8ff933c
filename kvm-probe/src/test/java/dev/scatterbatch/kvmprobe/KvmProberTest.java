package dev.scatterbatch.kvmprobe;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the real probe against {@code /dev/kvm} once (CI has a usable one; elsewhere the test is skipped) and checks
 * what holds on any host under any load: every row is measured with the planned samples, the parameters follow
 * the documented formulas from the measured medians, and the table compares each row with the reference. How
 * the figures compare with another machine's is the table's business, never a pass mark.
 */
class KvmProberTest {

    private static final ProbePlan PLAN = ProbePlan.quick();
    private static KvmProbeResult result;

    @BeforeAll
    static void probeOnce() {
        String why = KvmProber.unavailableReason().orElse(null);
        assumeTrue(why == null, () -> "no usable /dev/kvm here, so the probe cannot run (CI has one): " + why);
        result = KvmProber.probe(PLAN);
    }

    @Test
    void everyRowIsMeasuredWithThePlannedNumberOfSamples() {
        for (ProbeOperation op : ProbeOperation.values()) {
            Latency l = result.latency(op);
            int planned = op.kind() == ProbeOperation.Kind.USER_SPACE_EXIT ? PLAN.exitSamples() : PLAN.samples();
            assertThat(l.samples()).as(op.key()).isEqualTo(planned);
            assertThat(l.medianNs()).as(op.key()).isPositive().isFinite();
            assertThat(l.p99Ns()).as(op.key()).isGreaterThanOrEqualTo(l.medianNs()).isFinite();
        }
    }

    @Test
    void theGuestRunsAtCpl3WhereCpl0CodeIsEmulatedAndAtCpl0Otherwise() {
        assertThat(result.mode()).isEqualTo(result.cpl0Emulated() ? GuestMode.LM3 : GuestMode.LM0);
    }

    @Test
    void derivedParametersFollowTheDocumentedFormulasFromTheMeasuredMedians() {
        double loop = result.medianNs(ProbeOperation.GUEST_LOOP);
        double pioKick = result.medianNs(ProbeOperation.PIO_KICK);
        Map<String, Long> expected = Map.of(
                "hostIoctl", TrapCostDerivation.rounded(result.medianNs(ProbeOperation.HOST_IOCTL)),
                "kickExit", TrapCostDerivation.rounded(pioKick - loop),
                "vmExitUser", TrapCostDerivation.rounded(result.medianNs(ProbeOperation.PIO_EXIT)),
                "vmmWakeup", TrapCostDerivation.rounded(result.medianNs(ProbeOperation.KICK_BLOCKED_ACK) - pioKick));

        assertThat(TrapCostDerivation.derive(result)).allSatisfy(d -> {
            assertThat(d.valueNs()).as(d.parameter().key()).isEqualTo(expected.get(d.parameter().key())).isNotNegative();
            assertThat(TrapCostDerivation.profile(result).number(d.parameter())).isEqualTo((double) d.valueNs());
        }).hasSize(expected.size());
    }

    @Test
    void theTableComparesEveryRowThatHasAReferenceFigureWithIt() {
        String table = ProbeReport.table(result);
        Map<ProbeOperation, Double> reference = ProbeReference.mediansNs(result);

        assertThat(table).contains("vs reference");
        for (ProbeOperation op : ProbeOperation.values()) {
            String row = table.lines().filter(l -> l.startsWith(op.label())).findFirst().orElseThrow();
            String ratio = reference.containsKey(op)
                    ? String.format(Locale.ROOT, "%.2fx", result.medianNs(op) / reference.get(op)) : "-";
            assertThat(row).as(op.key()).endsWith(" " + ratio);
        }
    }
}
