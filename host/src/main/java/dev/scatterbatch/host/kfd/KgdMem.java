package dev.scatterbatch.host.kfd;

import dev.scatterbatch.host.mm.MmuIntervalNotifier;
import dev.scatterbatch.host.mm.PageCounts;
import dev.scatterbatch.model.uapi.AllocFlags;
import dev.scatterbatch.model.uapi.KfdHandle;

import java.util.BitSet;

/**
 * {@code struct kgd_mem}: one KFD buffer object with its placement, accounting, GPU attachments and, for a userptr,
 * its CPU ranges, notifiers and eviction state. Userptr ranges are never merged, split or reordered.
 */
final class KgdMem implements AmdgpuAmdkfdGpuvm.Allocated {

    private static final UserRangeInfo[] NO_RANGES = {};

    /** Where the BO's memory lives. */
    enum Domain { VRAM, GTT }

    final KfdProcessDevice pdd;
    final long va;
    /** {@code amdgpu_bo_size}: the page-aligned size (half the requested size for an AQL queue BO). */
    final long boSize;
    /** The flags it was allocated with, which with {@link #boSize} say what it charged to the memory limits. */
    final int allocFlags;
    final boolean aqlQueue;
    /** How the userptr was registered; null for other BOs. */
    final UserptrAbi userptr;
    /** The CPU ranges of a userptr, each with its notifier where the ABI gives it one; empty for other BOs. */
    final UserRangeInfo[] ranges;
    /** Byte offset of the BO in the DRM mmap-offset space. */
    final long drmMmapOffset;
    /**
     * {@code mem->attachments}: the first of the BO's attachments, one per VM the BO is mapped in (two for AQL queue
     * memory), linked through {@link KfdMemAttachment#next} in the order they were made.
     */
    KfdMemAttachment attachments;

    /** The BO's id in its device's handle idr; the handle is {@link #handle()}. */
    int idr;
    /**
     * The BO's 4 KiB pages by backing (as {@link PageCounts}): what a MAP or a restore DMA-maps and writes PTEs for.
     * Kept as two counts, so a BO holds no record of them.
     */
    private long smallPages;
    private long hugePages;
    /** The single range's or the v4 span's notifier once inserted; v2 ranges are their own. */
    MmuIntervalNotifier notifier;
    /** {@code mem->invalid}: invalidations since the BO was last made valid. */
    int invalid;
    /** Whether freshly fetched pages wait for the restore worker's confirmation ({@code mem->range != NULL}). */
    boolean hmmRangePending;
    /** Whether the BO is validated in GTT (false: {@code TTM_PL_SYSTEM}, no pages bound). */
    boolean validated = true;
    int mappedToGpuMemory;
    /** Ranges whose {@code pagesPresent} is false, so a restore need not look at every range of a large batch BO. */
    private int rangesWithoutPages;
    /**
     * The indices of the ranges that are invalidated or without pages, which a restore fetching per range must
     * fetch again: it visits them, in order, without looking at the thousands of others. Made at the first.
     */
    private BitSet stale;
    /** The process info's list the BO is on ({@code validate_list}), with its neighbours there; see {@link KgdMemList}. */
    KgdMemList list;
    KgdMem listPrev;
    KgdMem listNext;

    /**
     * A BO of {@code rangeCount} userptr ranges (0 for other BOs), which the caller then adds in order with
     * {@link #addRange}.
     */
    KgdMem(KfdProcessDevice pdd, long va, long boSize, int allocFlags, boolean aqlQueue, UserptrAbi userptr,
           int rangeCount, long drmMmapOffset) {
        this.pdd = pdd;
        this.va = va;
        this.boSize = boSize;
        this.allocFlags = allocFlags;
        this.aqlQueue = aqlQueue;
        this.userptr = userptr;
        this.ranges = rangeCount == 0 ? NO_RANGES : new UserRangeInfo[rangeCount];
        this.drmMmapOffset = drmMmapOffset;
    }

    /** Adds range {@code index} over {@code [start, start + size)}, backing GPU VA {@code va + gpuOffset}. */
    UserRangeInfo addRange(int index, long start, long size, long gpuOffset) {
        return ranges[index] = new UserRangeInfo(this, index, start, size, gpuOffset);
    }

    void setPages(long small, long huge) {
        smallPages = small;
        hugePages = huge;
    }

    /** {@link PageCounts#costNs} of the BO's pages. */
    long pagesCostNs(long perPageNs, double hugePageFactor) {
        return PageCounts.costNs(smallPages, hugePages, perPageNs, hugePageFactor);
    }

    /** Where the BO's memory lives: VRAM when allocated with the VRAM flag (a userptr is always GTT), else GTT. */
    Domain domain() {
        return userptr == null && (allocFlags & AllocFlags.VRAM) != 0 ? Domain.VRAM : Domain.GTT;
    }

    /** {@code MAKE_HANDLE(gpu_id, idr)}: the handle user space knows the BO by. */
    long handle() {
        return KfdHandle.make(pdd.gpuId(), idr);
    }

    boolean isUserptr() {
        return userptr != null;
    }

    /** Whether every range's pages are in the page array (false in state F, restored with a fault). */
    boolean allPagesPresent() {
        return rangesWithoutPages == 0;
    }

    /** An invalidation hit the BO ({@code amdgpu_amdkfd_evict_userptr}): it is invalid and its process evicted. */
    void evicted() {
        invalid++;
        // mem->process_info, reached through the device as the kernel's pdd->process does
        pdd.processInfo.userptrEvicted();
    }

    /** Range {@code r}'s pages are dropped from the page array (or back in it, {@code present}). */
    void setPagesPresent(UserRangeInfo r, boolean present) {
        if (r.pagesPresent == present) return;
        r.pagesPresent = present;
        rangesWithoutPages += present ? -1 : 1;
        if (!present) markStale(r);
    }

    /** An invalidation reached range {@code r}. */
    void invalidate(UserRangeInfo r) {
        r.invalid++;
        markStale(r);
    }

    /** Range {@code r} was fetched again: its pages are in the page array and no invalidation is outstanding. */
    void refetched(UserRangeInfo r) {
        setPagesPresent(r, true);
        r.invalid = 0;
        stale.clear(r.index);
    }

    /** The index of the first range at or after {@code from} that is invalidated or without pages, or -1. */
    int nextStale(int from) {
        return stale == null ? -1 : stale.nextSetBit(from);
    }

    private void markStale(UserRangeInfo r) {
        if (stale == null) stale = new BitSet(ranges.length);
        stale.set(r.index);
    }

    /** Whether this BO has an attachment in {@code peer}'s VM. */
    boolean attachedTo(KfdProcessDevice peer) {
        for (KfdMemAttachment a = attachments; a != null; a = a.next) if (a.pdd == peer) return true;
        return false;
    }

    /** Whether any attachment of this BO in {@code peer}'s VM has valid page-table entries. */
    boolean ptesValidIn(KfdProcessDevice peer) {
        for (KfdMemAttachment a = attachments; a != null; a = a.next) if (a.pdd == peer && a.ptesValid) return true;
        return false;
    }

    /** Adds {@code a} after the BO's other attachments. */
    void attach(KfdMemAttachment a) {
        if (attachments == null) {
            attachments = a;
            return;
        }
        KfdMemAttachment last = attachments;
        while (last.next != null) last = last.next;
        last.next = a;
    }
}
