package dev.scatterbatch.model.uapi;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AllocFlagsTest {

    @Test
    void flagValuesAreTheKernels() {
        assertThat(AllocFlags.VRAM).isEqualTo(0x1);
        assertThat(AllocFlags.MMIO_REMAP).isEqualTo(0x10);
        assertThat(AllocFlags.USERPTR_BATCH).isEqualTo(0x400000);
        assertThat(AllocFlags.COHERENT).isEqualTo(0x4000000);
        assertThat(AllocFlags.WRITABLE).isEqualTo(0x80000000);
        assertThat(AllocFlags.LIBHSAKMT_USERPTR).isEqualTo(0xD0000004);
        assertThat(AllocFlags.LIBHSAKMT_USERPTR | AllocFlags.COHERENT).isEqualTo(0xD4000004);
    }

    @Test
    void namesAndBitsRoundTrip() {
        int flags = AllocFlags.of(List.of("USERPTR", "writable", "KFD_IOC_ALLOC_MEM_FLAGS_EXECUTABLE", "NO_SUBSTITUTE"));
        assertThat(flags).isEqualTo(AllocFlags.LIBHSAKMT_USERPTR);
        assertThat(AllocFlags.names(flags)).containsExactly("USERPTR", "NO_SUBSTITUTE", "EXECUTABLE", "WRITABLE");
        assertThat(AllocFlags.format(0)).isEqualTo("0");
        assertThat(AllocFlags.names(0x104)).containsExactly("USERPTR", "0x100");
    }

    @Test
    void parsesNumbersAndNameLists() {
        assertThat(AllocFlags.parse("0xD0000004")).isEqualTo(AllocFlags.LIBHSAKMT_USERPTR);
        assertThat(AllocFlags.parse("4")).isEqualTo(AllocFlags.USERPTR);
        assertThat(AllocFlags.parse("USERPTR|USERPTR_BATCH")).isEqualTo(0x400004);
        assertThat(AllocFlags.parse("VRAM, PUBLIC")).isEqualTo(0x20000001);
    }

    @Test
    void unknownNamesAndOversizedNumbersAreRefused() {
        assertThatThrownBy(() -> AllocFlags.parse("USERPTR|HUGE")).hasMessageContaining("unknown allocation flag 'HUGE'");
        assertThatThrownBy(() -> AllocFlags.parse("0x100000000")).hasMessageContaining("32 bits");
    }
}
