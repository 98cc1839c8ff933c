package dev.scatterbatch.kvmprobe;

import org.junit.jupiter.api.Test;

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
        assertThat(table).containsPattern("PIO exit to VMM and back \\(out 0x10\\) +25\\.78 us +25\\.78 us +154\\.3x +lm3");
    }
}
