package dev.scatterbatch.model.uapi;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SparseUserMemoryTest {

    @Test
    void readsInsideAPlacedBufferSucceedAndReadsPastItFault() {
        var mem = new SparseUserMemory().placeRanges(0x10000, List.of(new UserptrRange(0x1000, 0x1000)));
        assertThat(mem.copyFromUser(0x10000, 16)).hasSize(16);
        assertThat(mem.copyFromUser(0x10008, 8)).hasSize(8);
        assertThat(mem.copyFromUser(0x10000, 17)).isNull();
        assertThat(mem.copyFromUser(0xFFFF, 2)).isNull();
    }

    @Test
    void aCopyIntoAKernelBufferReadsWhatACopyReturnsAndFaultsWhereItFaults() {
        var mem = new SparseUserMemory().place(0x2000, new byte[]{1, 2, 3, 4, 5});
        byte[] into = new byte[8];
        assertThat(mem.copyFromUser(0x2001, into, 3)).isTrue();
        assertThat(into).startsWith(2, 3, 4).endsWith(0, 0, 0, 0, 0);
        assertThat(mem.copyFromUser(0x2003, into, 3)).isFalse();
        assertThat(mem.copyFromUser(0x1fff, into, 1)).isFalse();
        assertThat(mem.copyFromUser(0, into, 0)).isTrue();
        // the default, for memory that only copies out
        assertThat(UserMemory.none().copyFromUser(0x2000, into, 1)).isFalse();
        assertThat(UserMemory.none().copyFromUser(0, into, 0)).isTrue();
    }

    @Test
    void nullIsNeverReadableButZeroBytesAlwaysCopy() {
        var mem = UserMemory.none();
        assertThat(mem.copyFromUser(0, 8)).isNull();
        assertThat(mem.copyFromUser(0, 0)).isEmpty();
        assertThat(mem.copyToUser(0, new byte[1])).isFalse();
    }

    @Test
    void writesLandInTheBuffer() {
        var mem = new SparseUserMemory().place(0x2000, new byte[8]);
        assertThat(mem.copyToUser(0x2004, new byte[]{1, 2, 3, 4})).isTrue();
        assertThat(mem.copyFromUser(0x2004, 1)).containsExactly(1);
        assertThat(mem.copyToUser(0x2006, new byte[4])).isFalse();
    }

    @Test
    void overlappingAndWrappingBuffersAreRefused() {
        var mem = new SparseUserMemory().place(0x2000, new byte[16]);
        assertThatThrownBy(() -> mem.place(0x2008, new byte[4])).hasMessageContaining("overlaps");
        assertThatThrownBy(() -> mem.place(-8, new byte[16])).hasMessageContaining("wrap");
        assertThat(mem.place(-16, new byte[16]).copyFromUser(-16, 16)).hasSize(16);
    }

    @Test
    void buffersPlacedInAnyOrderEachReadBackTheirOwnBytesAndNothingBetweenThem() {
        var mem = new SparseUserMemory()
                .place(0x3000, new byte[]{3, 3})
                .place(-0x1000, new byte[]{9})
                .place(0x1000, new byte[]{1, 1, 1})
                .place(0x2000, new byte[]{2});
        assertThat(mem.copyFromUser(0x1000, 3)).containsExactly(1, 1, 1);
        assertThat(mem.copyFromUser(0x2000, 1)).containsExactly(2);
        assertThat(mem.copyFromUser(0x3001, 1)).containsExactly(3);
        // above 2^63: the addresses are unsigned, as the kernel's are
        assertThat(mem.copyFromUser(-0x1000, 1)).containsExactly(9);
        assertThat(mem.copyFromUser(0x1003, 1)).isNull();
        assertThat(mem.copyFromUser(0x2000, 2)).isNull();
        assertThat(mem.copyFromUser(0xfff, 1)).isNull();
        // a buffer ending inside the next one up is refused, as is one starting inside the one below
        assertThatThrownBy(() -> mem.place(0x1ff8, new byte[9])).hasMessageContaining("overlaps one at 0x2000");
        assertThatThrownBy(() -> mem.place(0x1002, new byte[1])).hasMessageContaining("overlaps one at 0x1000");
        assertThat(mem.place(0x1003, new byte[]{4}).copyFromUser(0x1003, 1)).containsExactly(4);
    }
}
