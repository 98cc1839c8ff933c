package dev.scatterbatch.host.kfd;

import dev.scatterbatch.host.mm.MmuIntervalNotifier;
import dev.scatterbatch.host.mm.PageCounts;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * {@code struct kgd_mem}: one KFD buffer object with its placement, accounting, GPU attachments and, for a userptr,
 * its CPU ranges, notifiers and eviction state. Userptr ranges are never merged, split or reordered.
 */
final class KgdMem {

    /** Where the BO's memory lives. */
    enum Domain { VRAM, GTT }

    final KfdProcessDevice pdd;
    final long va;
    /** {@code amdgpu_bo_size}: the page-aligned size (half the requested size for an AQL queue BO). */
    final long boSize;
    /** The flags it was allocated with, which with {@link #boSize} say what it charged to the memory limits. */
    final int allocFlags;
    final Domain domain;
    final boolean aqlQueue;
    /** How the userptr was registered; null for other BOs. */
    final UserptrAbi userptr;
    final UserRangeInfo[] ranges;
    /** Byte offset of the BO in the DRM mmap-offset space. */
    final long drmMmapOffset;
    /** One per VM the BO is mapped in (two for AQL queue memory): room for the common one or two from the start. */
    final List<KfdMemAttachment> attachments = new ArrayList<>(2);

    long handle;
    /** The BO's 4 KiB pages by backing: what a MAP or a restore DMA-maps and writes PTEs for. */
    PageCounts pages = PageCounts.NONE;
    /** The single or v4 span notifier; v2 ranges carry their own. */
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

    KgdMem(KfdProcessDevice pdd, long va, long boSize, int allocFlags, Domain domain, boolean aqlQueue,
           UserptrAbi userptr, UserRangeInfo[] ranges, long drmMmapOffset) {
        this.pdd = pdd;
        this.va = va;
        this.boSize = boSize;
        this.allocFlags = allocFlags;
        this.domain = domain;
        this.aqlQueue = aqlQueue;
        this.userptr = userptr;
        this.ranges = ranges;
        this.drmMmapOffset = drmMmapOffset;
    }

    boolean isUserptr() {
        return userptr != null;
    }

    /** Whether every range's pages are in the page array (false in state F, restored with a fault). */
    boolean allPagesPresent() {
        return rangesWithoutPages == 0;
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
        for (KfdMemAttachment a : attachments) if (a.pdd == peer) return true;
        return false;
    }

    /** Whether any attachment of this BO in {@code peer}'s VM has valid page-table entries. */
    boolean ptesValidIn(KfdProcessDevice peer) {
        for (KfdMemAttachment a : attachments) if (a.pdd == peer && a.ptesValid) return true;
        return false;
    }
}
