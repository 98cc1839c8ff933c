package dev.scatterbatch.kvmprobe;

import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProbeReportTest {

    @Test
    void durationsUseTheLargestReadableUnit() {
        assertThat(ProbeReport.duration(167.14)).isEqualTo("167.1 ns");
        assertThat(ProbeReport.duration(2_960)).isEqualTo("2.96 us");
        assertThat(ProbeReport.duration(25_780)).isEqualTo("25.78 us");
        assertThat(ProbeReport.duration(1_200_000)).isEqualTo("1.20 ms");
    }

    @Test
    void tableHasARowPerOperationWithItsMultipleOfASyscallAndItsMode() {
        String table = ProbeReport.table(KvmMeasuredReference.lm3Result());
        assertThat(table).contains("guest mode lm3 (64-bit long mode, CPL 3, IOPL 3)",
                "CPL-0 guest code is emulated on this host (nop loop: 556.7 ns per instruction)");
        for (ProbeOperation op : ProbeOperation.values()) assertThat(table).contains(op.label());
        assertThat(table).containsPattern("host syscall getppid\\(\\) +167\\.1 ns +167\\.1 ns +1\\.0x +host");
        assertThat(table).containsPattern("PIO exit to VMM and back \\(out 0x10\\) +25\\.78 us +25\\.78 us +154\\.3x +lm3 +1\\.00x");
    }

    @Test
    void theVsReferenceColumnIsTheMedianOverTheReferenceMedianForTheSameMode() {
        KvmProbeResult twiceAsSlow = scaled(KvmMeasuredReference.lm3Result(), 2);
        String table = ProbeReport.table(twiceAsSlow);
        assertThat(table).containsPattern("in-kernel PIC read \\(in al, 0x21\\) +5\\.90 us +5\\.90 us +17\\.7x +lm3 +2\\.00x")
                .contains("vs reference: median / the median an independent C benchmark measured in the same guest mode");
    }

    @Test
    void aCpl0GuestOnAHostThatRunsItNativelyHasNoReferenceToCompareWith() {
        KvmProbeResult lm3 = KvmMeasuredReference.lm3Result();
        KvmProbeResult nativeLm0 = new KvmProbeResult(GuestMode.LM0, 0.3, lm3.latencies(), lm3.threadPlacement());
        String table = ProbeReport.table(nativeLm0);
        assertThat(table).containsPattern("PIO exit to VMM and back \\(out 0x10\\) +25\\.78 us +25\\.78 us +154\\.3x +lm0 +-")
                .contains("vs reference: none for this mode");
    }

    private static KvmProbeResult scaled(KvmProbeResult r, double factor) {
        Map<ProbeOperation, Latency> l = new EnumMap<>(ProbeOperation.class);
        r.latencies().forEach((op, lat) -> l.put(op, new Latency(lat.medianNs() * factor, lat.p99Ns() * factor, lat.samples())));
        return new KvmProbeResult(r.mode(), r.cpl0NsPerInstruction(), l, r.threadPlacement());
    }
}
