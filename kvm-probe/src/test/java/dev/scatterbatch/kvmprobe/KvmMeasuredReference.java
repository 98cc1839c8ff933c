package dev.scatterbatch.kvmprobe;

import java.util.EnumMap;
import java.util.Map;

/**
 * The medians an independent C microbenchmark measured on the build machines, per guest mode, from
 * docs/kvm-probe.md: section 3 for {@code lm3} and the host baselines, section 4 for {@code lm0}.
 * Loop figures there are per loop iteration with the loop's overhead included, as the probe reports them.
 */
final class KvmMeasuredReference {

    private KvmMeasuredReference() {
    }

    /** Median ns per operation the reference gives for {@code mode} (section 2 for the lm3 loop overhead). */
    static Map<ProbeOperation, Double> mediansNs(GuestMode mode) {
        Map<ProbeOperation, Double> m = new EnumMap<>(ProbeOperation.class);
        // section 3, host baselines (the same in every mode)
        m.put(ProbeOperation.HOST_SYSCALL, 167.1);
        m.put(ProbeOperation.HOST_IOCTL, 270.8);
        switch (mode) {
            case LM3 -> {
                // section 2: "That overhead is about 26 ns in lm3"
                m.put(ProbeOperation.GUEST_LOOP, 26.0);
                // section 3
                m.put(ProbeOperation.PIO_EXIT, 25_780.0);
                m.put(ProbeOperation.MMIO_EXIT, 25_240.0);
                m.put(ProbeOperation.PIC_READ, 2_950.0);
                m.put(ProbeOperation.PIO_KICK, 2_960.0);
                m.put(ProbeOperation.MMIO_KICK, 2_680.0);
                m.put(ProbeOperation.KICK_BLOCKED_ACK, 13_130.0);
            }
            case LM0 -> {
                // section 4 (lm0 column); no empty-loop figure: section 2 puts the overhead at 0.9-1.1 us
                m.put(ProbeOperation.PIO_EXIT, 7_560.0);
                m.put(ProbeOperation.MMIO_EXIT, 8_020.0);
                m.put(ProbeOperation.PIC_READ, 1_970.0);
                m.put(ProbeOperation.PIO_KICK, 1_960.0);
                m.put(ProbeOperation.MMIO_KICK, 2_240.0);
                m.put(ProbeOperation.KICK_BLOCKED_ACK, 15_560.0);
            }
        }
        return m;
    }

    /** The lm3 reference figures as a probe result (p99 = median; the reference gives no p99 for most). */
    static KvmProbeResult lm3Result() {
        Map<ProbeOperation, Latency> latencies = new EnumMap<>(ProbeOperation.class);
        mediansNs(GuestMode.LM3).forEach((op, ns) -> latencies.put(op, new Latency(ns, ns, 1)));
        // section 2: the CPL-0 nop loop costs 1.67 us per iteration of 3 instructions
        return new KvmProbeResult(GuestMode.LM3, 1_670.0 / 3, latencies, "vCPU thread on CPU 0, backend thread on CPU 1");
    }
}
