package dev.scatterbatch.kvmprobe;

import java.util.Locale;
import java.util.Map;

/**
 * The {@code probe-kvm} table: one row per operation with median, p99, multiple of a syscall, guest mode and the
 * median as a multiple of {@link ProbeReference}'s for the same mode.
 */
public final class ProbeReport {

    private static final String ROW = "%-40s %11s %11s %10s  %-4s  %12s%n";

    private ProbeReport() {
    }

    /** The table for {@code result}, with a header saying which guest mode ran and why. */
    public static String table(KvmProbeResult result) {
        StringBuilder sb = new StringBuilder();
        GuestMode mode = result.mode();
        sb.append("probe-kvm: guest mode ").append(mode.key()).append(" (").append(mode.description()).append(")\n");
        sb.append("CPL-0 guest code ").append(result.cpl0Emulated() ? "is emulated" : "runs natively")
                .append(" on this host (nop loop: ").append(duration(result.cpl0NsPerInstruction())).append(" per instruction)\n");
        sb.append(result.threadPlacement()).append('\n').append('\n');
        sb.append(String.format(Locale.ROOT, ROW, "operation", "median", "p99", "x syscall", "mode", "vs reference"));
        Map<ProbeOperation, Double> reference = ProbeReference.mediansNs(result);
        for (ProbeOperation op : ProbeOperation.values()) {
            Latency l = result.latency(op);
            Double ref = reference.get(op);
            sb.append(String.format(Locale.ROOT, ROW, op.label(), duration(l.medianNs()), duration(l.p99Ns()),
                    String.format(Locale.ROOT, "%.1fx", result.timesSyscall(op)), op.inGuest() ? mode.key() : "host",
                    ref == null ? "-" : String.format(Locale.ROOT, "%.2fx", l.medianNs() / ref)));
        }
        sb.append('\n')
                .append("Exits: per round trip (KVM_RUN returns every time). In-kernel traps and the round trip: per\n")
                .append("iteration of a guest loop that exits once per batch, so each includes the loop iteration row;\n")
                .append("their p99 is over batches. Baselines: per call, in batches of ")
                .append(ProbePlan.CALLS_PER_BASELINE_SAMPLE).append(".\n")
                .append(reference.isEmpty()
                        ? "vs reference: none for this mode (the reference machines emulate CPL-0 code; this host runs it natively).\n"
                        : "vs reference: median / the median an independent C benchmark measured in the same guest mode on idle\n"
                          + "reference machines (PVM nested in a Firecracker VM; docs/tuning.md). Other hardware, nesting or load\n"
                          + "give other ratios: compare, do not expect 1.00x.\n");
        return sb.toString();
    }

    /** A duration for people: {@code 167.1 ns}, {@code 2.96 us}, {@code 1.20 ms}. */
    public static String duration(double ns) {
        if (ns < 1_000) return String.format(Locale.ROOT, "%.1f ns", ns);
        if (ns < 1_000_000) return String.format(Locale.ROOT, "%.2f us", ns / 1_000);
        return String.format(Locale.ROOT, "%.2f ms", ns / 1_000_000);
    }
}
