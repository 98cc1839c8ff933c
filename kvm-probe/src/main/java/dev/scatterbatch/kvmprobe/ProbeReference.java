package dev.scatterbatch.kvmprobe;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The medians an independent C microbenchmark measured on the project's build machines (PVM, a software
 * hypervisor nested in a Firecracker VM, idle), per guest mode, as docs/tuning.md ("Reading the table") lists them.
 * {@code probe-kvm} prints each row's median against them as a ratio: a comparison to read, not a pass mark,
 * since other hardware and other load give other figures. Loop figures are per loop iteration with the loop's
 * overhead included, as the probe reports them.
 */
public final class ProbeReference {

    private ProbeReference() {
    }

    /**
     * The reference medians, ns per operation, comparable with a probe that ran in {@code mode}: empty for
     * {@code lm0} where CPL-0 code runs natively, since the reference machines emulate it (docs/tuning.md,
     * "Which guest mode").
     */
    public static Map<ProbeOperation, Double> mediansNs(GuestMode mode, boolean cpl0Emulated) {
        if (mode == GuestMode.LM0 && !cpl0Emulated) return Map.of();
        Map<ProbeOperation, Double> m = new EnumMap<>(ProbeOperation.class);
        // host baselines, the same in every mode
        m.put(ProbeOperation.HOST_SYSCALL, 167.1);
        m.put(ProbeOperation.HOST_IOCTL, 270.8);
        switch (mode) {
            case LM3 -> {
                m.put(ProbeOperation.GUEST_LOOP, 26.0);
                m.put(ProbeOperation.PIO_EXIT, 25_780.0);
                m.put(ProbeOperation.MMIO_EXIT, 25_240.0);
                m.put(ProbeOperation.PIC_READ, 2_950.0);
                m.put(ProbeOperation.PIO_KICK, 2_960.0);
                m.put(ProbeOperation.MMIO_KICK, 2_680.0);
                m.put(ProbeOperation.KICK_BLOCKED_ACK, 13_130.0);
            }
            case LM0 -> {
                // no empty-loop figure: emulated, the loop costs 0.9-1.1 us per iteration
                m.put(ProbeOperation.PIO_EXIT, 7_560.0);
                m.put(ProbeOperation.MMIO_EXIT, 8_020.0);
                m.put(ProbeOperation.PIC_READ, 1_970.0);
                m.put(ProbeOperation.PIO_KICK, 1_960.0);
                m.put(ProbeOperation.MMIO_KICK, 2_240.0);
                m.put(ProbeOperation.KICK_BLOCKED_ACK, 15_560.0);
            }
        }
        return Collections.unmodifiableMap(m);
    }

    /** The reference medians comparable with {@code result}. */
    public static Map<ProbeOperation, Double> mediansNs(KvmProbeResult result) {
        return mediansNs(result.mode(), result.cpl0Emulated());
    }
}
