package dev.scatterbatch.kvmprobe;

import java.util.EnumMap;
import java.util.Map;

/** The {@link ProbeReference} figures as a probe result, for tests of what is made from one. */
final class KvmMeasuredReference {

    private KvmMeasuredReference() {
    }

    /** The lm3 reference figures as a probe result (p99 = median; the reference gives no p99 for most). */
    static KvmProbeResult lm3Result() {
        Map<ProbeOperation, Latency> latencies = new EnumMap<>(ProbeOperation.class);
        ProbeReference.mediansNs(GuestMode.LM3, true).forEach((op, ns) -> latencies.put(op, new Latency(ns, ns, 1)));
        // the reference's CPL-0 nop loop costs 1.67 us per iteration of 3 instructions
        return new KvmProbeResult(GuestMode.LM3, 1_670.0 / 3, latencies, "vCPU thread on CPU 0, backend thread on CPU 1");
    }
}
