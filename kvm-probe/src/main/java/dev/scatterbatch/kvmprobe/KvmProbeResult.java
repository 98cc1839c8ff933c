package dev.scatterbatch.kvmprobe;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What {@code probe-kvm} measured: a {@link Latency} for every {@link ProbeOperation}, the guest mode the guest
 * operations ran in, how fast CPL-0 guest code ran (which decided the mode) and where the threads ran.
 *
 * @param mode                 the guest mode of every guest operation
 * @param cpl0NsPerInstruction ns per instruction of a CPL-0 nop loop (about 0.5 us where it is emulated)
 * @param latencies            every operation's latency
 * @param threadPlacement      where the vCPU and backend threads ran, in words
 */
public record KvmProbeResult(GuestMode mode, double cpl0NsPerInstruction, Map<ProbeOperation, Latency> latencies,
                             String threadPlacement) {

    /** Checks every operation was measured and freezes the map. */
    public KvmProbeResult {
        for (ProbeOperation op : ProbeOperation.values()) {
            if (!latencies.containsKey(op)) throw new IllegalArgumentException("no latency for " + op.key());
        }
        latencies = Collections.unmodifiableMap(new EnumMap<>(latencies));
    }

    /** The latency of {@code op}. */
    public Latency latency(ProbeOperation op) {
        return latencies.get(op);
    }

    /** The median of {@code op} in ns. */
    public double medianNs(ProbeOperation op) {
        return latency(op).medianNs();
    }

    /** The median of {@code op} as a multiple of the host syscall's median. */
    public double timesSyscall(ProbeOperation op) {
        return medianNs(op) / medianNs(ProbeOperation.HOST_SYSCALL);
    }

    /** Whether CPL-0 guest code was emulated rather than run natively on this host. */
    public boolean cpl0Emulated() {
        return GuestMode.isEmulated(cpl0NsPerInstruction);
    }
}
