package dev.scatterbatch.host.kfd;

import dev.scatterbatch.host.mm.MmuIntervalNotifier;

/**
 * {@code struct user_range_info}: one CPU range of a userptr BO. Ranges keep the order user space gave them; range
 * {@code k} backs GPU VA {@code va + gpuOffset}, the sum of the sizes before it.
 */
final class UserRangeInfo {

    /** The range's place in its BO's range array. */
    final int index;
    final long start;
    final long size;
    final long gpuOffset;
    /**
     * Invalidations since the range's pages were last fetched (v4's {@code valid} is {@code invalid == 0}); raised
     * through {@link KgdMem#invalidate}.
     */
    int invalid;
    /** Whether the BO's page array holds current pages for this range (set through {@link KgdMem#setPagesPresent}). */
    boolean pagesPresent = true;
    /** The range's own notifier (v2 only). */
    MmuIntervalNotifier notifier;
    /** The notifier sequence read before the range's last fetch by the restore worker ({@code mmu_interval_read_begin}). */
    long readSeq;
    /** Whether a restore run fetched the range and no run has confirmed it since (it is checked at every confirmation). */
    boolean awaitingConfirm;

    UserRangeInfo(int index, long start, long size, long gpuOffset) {
        this.index = index;
        this.start = start;
        this.size = size;
        this.gpuOffset = gpuOffset;
    }
}
