package dev.scatterbatch.host.kfd;

import dev.scatterbatch.host.mm.MmuIntervalNotifier;
import dev.scatterbatch.host.mm.MmuNotifierRange;

/**
 * {@code struct user_range_info}: one CPU range of a userptr BO. Ranges keep the order user space gave them; range
 * {@code k} backs GPU VA {@code va + gpuOffset}, the sum of the sizes before it.
 *
 * <p>The range embeds its MMU interval notifier over {@code [start, start + size)}, as the kernel's range info does:
 * a single-range BO and each range of a v2 batch BO insert the range itself into the mm, so registering a userptr
 * allocates no notifier and no callback. A v3/v4 batch BO watches its span with one notifier of its own and never
 * inserts its ranges.
 */
final class UserRangeInfo extends MmuIntervalNotifier {

    /** The BO whose range this is. */
    final KgdMem mem;
    /** The range's place in its BO's range array. */
    final int index;
    final long gpuOffset;
    /**
     * Invalidations since the range's pages were last fetched (v4's {@code valid} is {@code invalid == 0}); raised
     * through {@link KgdMem#invalidate}.
     */
    int invalid;
    /** Whether the BO's page array holds current pages for this range (set through {@link KgdMem#setPagesPresent}). */
    boolean pagesPresent = true;
    /** The notifier sequence read before the range's last fetch by the restore worker ({@code mmu_interval_read_begin}). */
    long readSeq;
    /** Whether a restore run fetched the range and no run has confirmed it since (it is checked at every confirmation). */
    boolean awaitingConfirm;

    UserRangeInfo(KgdMem mem, int index, long start, long size, long gpuOffset) {
        super(start, size);
        this.mem = mem;
        this.index = index;
        this.gpuOffset = gpuOffset;
    }

    /** Bytes in the range. */
    long size() {
        return length();
    }

    /**
     * {@code amdgpu_hmm_invalidate_hsa} for a single-range BO, which refuses to sleep (a non-blockable invalidation
     * is declined), and v2's per-range callback, which accepts every invalidation: the range's pages are stale and
     * the BO is evicted.
     */
    @Override
    protected boolean invalidate(MmuNotifierRange range, long curSeq) {
        if (mem.userptr == UserptrAbi.SINGLE && !range.blockable()) return false;
        setSeq(curSeq);
        mem.invalidate(this);
        mem.evicted();
        return true;
    }
}
