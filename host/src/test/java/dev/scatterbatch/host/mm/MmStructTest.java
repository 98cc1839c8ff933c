package dev.scatterbatch.host.mm;

import dev.scatterbatch.model.uapi.Errno;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.scatterbatch.host.mm.MmStruct.MREMAP_DONTUNMAP;
import static dev.scatterbatch.host.mm.MmStruct.MREMAP_FIXED;
import static dev.scatterbatch.host.mm.MmStruct.MREMAP_MAYMOVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MmStructTest {

    private static final long MIB = 1L << 20;
    private static final int MOVE = MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP;

    private final MmStruct mm = new MmStruct(() -> 65530);

    @Test
    void adjacentFreshMappingsMergeIntoOneVma() {
        mm.mmap(0x100000, MIB, PageSize.SMALL);
        mm.mmap(0x200000, MIB, PageSize.SMALL);
        assertThat(mm.mapCount()).isEqualTo(1);
        assertThat(mm.isMapped(0x100000, 0x300000)).isTrue();
    }

    @Test
    void mappingsWithDifferentBackingStaySeparate() {
        mm.mmap(0x200000, 2 * MIB, PageSize.SMALL);
        mm.mmap(0x400000, 2 * MIB, PageSize.HUGE);
        assertThat(mm.mapCount()).isEqualTo(2);
        assertThat(mm.pages(0x300000, 0x500000)).isEqualTo(new PageCounts(256, 256));
    }

    @Test
    void punchingAHoleSplitsAVmaAndInvalidatesTheRange() {
        mm.mmap(0x100000, 4 * MIB, PageSize.SMALL);
        List<MmuNotifierRange> seen = new ArrayList<>();
        mm.insertNotifier(new MmuIntervalNotifier(0x180000, 0x1000, (n, r) -> seen.add(r)));
        assertThat(mm.munmap(0x180000, 0x1000)).isZero();
        assertThat(mm.mapCount()).isEqualTo(2);
        assertThat(mm.isMapped(0x100000, 0x181000)).isFalse();
        assertThat(seen).containsExactly(new MmuNotifierRange(0x180000, 0x181000, true, MmuNotifierEvent.UNMAP));
    }

    @Test
    void munmapOfNothingMappedInvalidatesNothing() {
        List<MmuNotifierRange> seen = new ArrayList<>();
        mm.insertNotifier(new MmuIntervalNotifier(0x100000, 0x1000, (n, r) -> seen.add(r)));
        assertThat(mm.munmap(0x100000, 0x1000)).isZero();
        assertThat(seen).isEmpty();
    }

    @Test
    void mmapAndMunmapRefuseBadArguments() {
        assertThat(mm.mmap(0x100000, 0, PageSize.SMALL)).isEqualTo(Errno.EINVAL.ret());
        assertThat(mm.mmap(0x100001, 4096, PageSize.SMALL)).isEqualTo(Errno.EINVAL.ret());
        assertThat(mm.mmap(0x1000, 4096, PageSize.SMALL)).isEqualTo(Errno.EPERM.ret());
        assertThat(mm.mmap(MmStruct.TASK_SIZE, 4096, PageSize.SMALL)).isEqualTo(Errno.ENOMEM.ret());
        assertThat(mm.mmap(0x100000, -1L, PageSize.SMALL)).isEqualTo(Errno.ENOMEM.ret());
        assertThat(mm.munmap(0x100001, 4096)).isEqualTo(Errno.EINVAL.ret());
        assertThat(mm.munmap(0x100000, 0)).isEqualTo(Errno.EINVAL.ret());
        assertThat(mm.mapCount()).isZero();
    }

    @Test
    void mmapFailsOnceTheMapCountExceedsTheLimit() {
        MmStruct small = new MmStruct(() -> 2);
        assertThat(small.mmap(0x100000, 4096, PageSize.SMALL)).isPositive();
        assertThat(small.mmap(0x300000, 4096, PageSize.HUGE)).isPositive();
        assertThat(small.mmap(0x500000, 4096, PageSize.SMALL)).isPositive();
        assertThat(small.mapCount()).isEqualTo(3);
        assertThat(small.mmap(0x700000, 4096, PageSize.SMALL)).isEqualTo(Errno.ENOMEM.ret());
    }

    @Test
    void mremapDontunmapMovesTheRangeLeavingTheSourceMapped() {
        mm.mmap(0x1000000, 16 * MIB, PageSize.SMALL);
        List<MmuNotifierRange> seen = new ArrayList<>();
        mm.insertNotifier(new MmuIntervalNotifier(0x1000000, 16 * MIB, (n, r) -> seen.add(r)));
        assertThat(mm.mremap(0x1002000, 0x1000, 0x1000, MOVE, 0x40000000L)).isEqualTo(0x40000000L);
        assertThat(mm.isMapped(0x1000000, 0x2000000)).isTrue();
        assertThat(mm.isMapped(0x40000000L, 0x40001000L)).isTrue();
        assertThat(mm.mapCount()).isEqualTo(2);
        assertThat(seen).containsExactly(new MmuNotifierRange(0x1002000, 0x1003000, true, MmuNotifierEvent.UNMAP));
    }

    @Test
    void stitchingNonAdjacentPiecesCostsOneVmaEach() {
        mm.mmap(0x1000000, 16 * MIB, PageSize.SMALL);
        for (int i = 0; i < 10; i++) {
            assertThat(mm.mremap(0x1000000 + i * 0x2000L, 0x1000, 0x1000, MOVE, 0x40000000L + i * 0x1000L)).isPositive();
        }
        assertThat(mm.mapCount()).isEqualTo(11);
    }

    @Test
    void stitchingAdjacentPiecesMergesThem() {
        mm.mmap(0x1000000, 16 * MIB, PageSize.SMALL);
        for (int i = 0; i < 10; i++) {
            assertThat(mm.mremap(0x1000000 + i * 0x1000L, 0x1000, 0x1000, MOVE, 0x40000000L + i * 0x1000L)).isPositive();
        }
        assertThat(mm.mapCount()).isEqualTo(2);
    }

    @Test
    void mremapFailsWithEnomemNearTheMapCountLimit() {
        MmStruct limited = new MmStruct(() -> 8);
        limited.mmap(0x1000000, 16 * MIB, PageSize.SMALL);
        int moved = 0;
        long ret;
        while ((ret = limited.mremap(0x1000000 + moved * 0x2000L, 0x1000, 0x1000, MOVE, 0x40000000L + moved * 0x1000L)) > 0) {
            moved++;
        }
        assertThat(ret).isEqualTo(Errno.ENOMEM.ret());
        // map_count + 2 >= max_map_count - 3 stops it at map_count 3 (source + 2 moved pieces)
        assertThat(limited.mapCount()).isEqualTo(3);
        assertThat(moved).isEqualTo(2);
    }

    @Test
    void mremapRefusesBadFlagsOverlapsAndUnmappedSources() {
        mm.mmap(0x1000000, MIB, PageSize.SMALL);
        assertThat(mm.mremap(0x1000000, 4096, 4096, MREMAP_FIXED, 0x4000000)).isEqualTo(Errno.EINVAL.ret());
        assertThat(mm.mremap(0x1000000, 4096, 8192, MOVE, 0x4000000)).isEqualTo(Errno.EINVAL.ret());
        assertThat(mm.mremap(0x1000000, 4096, 4096, MOVE | 8, 0x4000000)).isEqualTo(Errno.EINVAL.ret());
        assertThat(mm.mremap(0x1000000, 8192, 8192, MOVE, 0x1001000)).isEqualTo(Errno.EINVAL.ret());
        assertThat(mm.mremap(0x3000000, 4096, 4096, MOVE, 0x4000000)).isEqualTo(Errno.EFAULT.ret());
        assertThat(mm.mremap(0x10FF000, 8192, 8192, MOVE, 0x4000000)).isEqualTo(Errno.EFAULT.ret());
        assertThat(mm.mapCount()).isEqualTo(1);
        assertThatThrownBy(() -> mm.mremap(0x1000000, 4096, 4096, MREMAP_MAYMOVE, 0)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void plainMoveUnmapsTheSource() {
        mm.mmap(0x1000000, MIB, PageSize.HUGE);
        assertThat(mm.mremap(0x1000000, MIB, MIB, MREMAP_MAYMOVE | MREMAP_FIXED, 0x4000000)).isEqualTo(0x4000000);
        assertThat(mm.isMapped(0x1000000, 0x1001000)).isFalse();
        assertThat(mm.vmaAt(0x4000000).backing()).isEqualTo(PageSize.HUGE);
    }

    @Test
    void everyIntersectingNotifierFiresOnceAndHalfOpenEndsDoNotTouch() {
        List<String> fired = new ArrayList<>();
        mm.insertNotifier(new MmuIntervalNotifier(0x1000, 0x1000, (n, r) -> fired.add("a")));
        mm.insertNotifier(new MmuIntervalNotifier(0x2000, 0x1000, (n, r) -> fired.add("b")));
        mm.insertNotifier(new MmuIntervalNotifier(0x3000, 0x1000, (n, r) -> fired.add("c")));
        Invalidation inv = mm.invalidate(0x1800, 0x3000, true);
        assertThat(fired).containsExactly("a", "b");
        assertThat(inv).isEqualTo(new Invalidation(0, 2));
    }

    @Test
    void aRefusedNonBlockableInvalidationStopsWithEagain() {
        List<String> fired = new ArrayList<>();
        mm.insertNotifier(new MmuIntervalNotifier(0x1000, 0x1000, (n, r) -> fired.add("a")));
        mm.insertNotifier(new MmuIntervalNotifier(0x2000, 0x1000, (n, r) -> r.blockable()));
        mm.insertNotifier(new MmuIntervalNotifier(0x3000, 0x1000, (n, r) -> fired.add("c")));
        assertThat(mm.invalidate(0x1000, 0x4000, false)).isEqualTo(new Invalidation(Errno.EAGAIN.ret(), 2));
        assertThat(fired).containsExactly("a");
    }

    @Test
    void wrappingOrEmptyNotifiersAreRefusedWithEoverflow() {
        assertThat(mm.insertNotifier(new MmuIntervalNotifier(0x1000, 0, (n, r) -> true))).isEqualTo(Errno.EOVERFLOW.ret());
        assertThat(mm.insertNotifier(new MmuIntervalNotifier(-4096L, 8192, (n, r) -> true))).isEqualTo(Errno.EOVERFLOW.ret());
        assertThat(mm.insertNotifier(new MmuIntervalNotifier(-4096L, 4096, (n, r) -> true))).isZero();
        assertThat(mm.notifierCount()).isEqualTo(1);
    }
}
