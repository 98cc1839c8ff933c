package dev.scatterbatch.host.kfd;

import dev.scatterbatch.host.mm.MmStruct;
import dev.scatterbatch.host.mm.PageCounts;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.sim.EventPriority;
import dev.scatterbatch.model.sim.EventQueue;
import dev.scatterbatch.model.wire.RestoreResult;

import java.util.List;
import java.util.function.Supplier;

/**
 * SVM's own eviction and restore with XNACK off ({@code svm_range_evict}, {@code svm_range_restore_work} in
 * {@code kfd_svm.c}), separate from the userptr restore worker: the first invalidation of a mapped SVM range stops
 * the process's queues ({@code kgd2kfd_quiesce_mm}, trigger SVM; its own reference on the queues) and queues the
 * restore work {@code AMDGPU_SVM_RANGE_RESTORE_DELAY_MS} (1 ms) after the quiesce. A run revalidates and maps every
 * invalid range ({@code svm_range_validate_and_map}: one {@code hmm_range_fault} per range, {@code faultPerPage} and
 * {@code mapPerPage} per page, huge-backed pages at {@code hugePageFactor}) and flushes the TLB once; if new
 * invalidations arrived meanwhile ({@code evicted_ranges} moved) it runs again 1 ms later, else the queues resume.
 * The run holds no lock the model shares with ioctls (it takes {@code svms->lock} and the mmap read lock, which
 * registration of other buffers meets only briefly).
 */
final class SvmRestoreWorker {

    /** {@code AMDGPU_SVM_RANGE_RESTORE_DELAY_MS}. */
    static final long RESTORE_DELAY_NS = 1_000_000;

    private final EventQueue clock;
    private final Supplier<TrapCostProfile> profile;
    private final ProcessQueues queues;
    private final Supplier<List<SvmRangeList.SvmRange>> ranges;
    private final MmStruct mm;
    /** {@code svms->evicted_ranges}. */
    private long evictedRanges;
    private boolean pending;

    /**
     * @param ranges the process's charged SVM ranges, read at each run
     */
    SvmRestoreWorker(EventQueue clock, Supplier<TrapCostProfile> profile, ProcessQueues queues,
                     Supplier<List<SvmRangeList.SvmRange>> ranges, MmStruct mm) {
        this.clock = clock;
        this.profile = profile;
        this.queues = queues;
        this.ranges = ranges;
        this.mm = mm;
    }

    /** Whether the queues are held evicted for SVM ranges not yet restored. */
    boolean evicted() {
        return evictedRanges > 0;
    }

    /** {@code svm_range_evict} with XNACK off: counts the eviction; the first quiesces and queues the restore. */
    void evict() {
        if (evictedRanges++ == 0) {
            long now = clock.nowNs();
            queues.evict(now);
            queue(now + profile.get().queueQuiesceNs() + RESTORE_DELAY_NS);
        }
    }

    private void queue(long atNs) {
        if (pending) return;
        pending = true;
        clock.schedule(atNs, EventPriority.KERNEL_WORK, this::run);
    }

    private void run() {
        pending = false;
        long start = clock.nowNs();
        long seen = evictedRanges;
        TrapCostProfile p = profile.get();
        long work = p.tlbFlushPerMapNs();
        for (SvmRangeList.SvmRange r : ranges.get()) {
            if (r.invalid == 0) continue;
            PageCounts pages = mm.pages(r.firstPage << 12, (r.lastPage + 1) << 12);
            work += p.hmmRangePerRangeNs() + pages.costNs(p.faultPerPageNs() + p.mapPerPageNs(), p.hugePageFactor());
        }
        long end = start + work;
        pending = true;
        clock.schedule(end, EventPriority.KERNEL_WORK, () -> finish(seen, start, end));
    }

    private void finish(long seen, long start, long end) {
        pending = false;
        if (evictedRanges != seen) {
            queues.restoreFinished(RestoreResult.RACED, start, end);
            queue(end + RESTORE_DELAY_NS);
            return;
        }
        for (SvmRangeList.SvmRange r : ranges.get()) r.invalid = 0;
        evictedRanges = 0;
        queues.restoreFinished(RestoreResult.SUCCESS, start, end);
        queues.restore(end + profile.get().queueResumeNs());
    }
}
