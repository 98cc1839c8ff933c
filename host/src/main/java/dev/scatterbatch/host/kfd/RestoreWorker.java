package dev.scatterbatch.host.kfd;

import dev.scatterbatch.host.mm.MmStruct;
import dev.scatterbatch.host.mm.MmuIntervalNotifier;
import dev.scatterbatch.host.mm.PageCounts;
import dev.scatterbatch.model.cost.RestoreGranularity;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.sim.EventPriority;
import dev.scatterbatch.model.sim.EventQueue;
import dev.scatterbatch.model.sim.ScheduledEvent;
import dev.scatterbatch.model.uapi.Errno;
import dev.scatterbatch.model.wire.RestoreOutcome;
import dev.scatterbatch.model.wire.RestoreResult;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * {@code amdgpu_amdkfd_restore_userptr_worker} on the virtual clock. A run waits for {@code process_info->lock}
 * and holds it to its end. It snapshots {@code evicted_bos}, re-faults the invalid BOs' ranges
 * ({@code update_invalid_user_pages}, reading each range's notifier sequence first), DMA-maps every page of each
 * invalid BO again and rewrites all its PTEs ({@code validate_invalid_user_pages}: the BO went to the CPU domain,
 * so the whole BO is redone however little of it was hit), and waits once for the page-table fences and the TLB
 * flush. At the end it confirms the BOs and resumes the queues, unless a re-fault failed with an error other than
 * {@code -EFAULT} ({@link RestoreOutcome#RETRY}), new invalidations were counted ({@link RestoreOutcome#RACED}) or a
 * notifier's sequence moved since it was read ({@link RestoreOutcome#STALE}, what v4's gap events cause): then the
 * queues stay evicted and it runs again one jiffy later. {@code -EFAULT} counts as success: the BO keeps no pages
 * and stays on the invalid list (state F).
 *
 * <p>Duration of a run: per re-faulted range its {@code hmmRangePerRange} and per page {@code faultPerPage} (times
 * {@code hugePageFactor} for huge-backed pages), plus {@code mmapLockCycle} per range (one per BO for v4); per BO
 * on the invalid list {@code revalidatePerBo} plus {@code mapPerPage} for every page of the BO; one
 * {@code tlbFlushPerMap} on the device's KIQ, after any wait for it. Which ranges are re-faulted follows
 * {@code restoreGranularity}: every range of the BO ({@code whole-bo}), only the invalidated ones
 * ({@code per-range}), or as the BO's ABI does ({@code abi}: v4 per range, the others whole).
 */
final class RestoreWorker {

    private record Pass(int ret, long durationNs) {
    }

    private final EventQueue clock;
    private final Supplier<TrapCostProfile> profile;
    private final AmdkfdProcessInfo info;
    private final MmStruct mm;
    private final long[] results = new long[RestoreOutcome.values().length];
    /** Injected {@code hmm_range_fault} errors, each {@code {-errno, remaining}}, used in order. */
    private final ArrayDeque<int[]> injectedFaults = new ArrayDeque<>();
    /** {@link #nextInjectedFault} as the fault's supplier, made once rather than for each of thousands of ranges per run. */
    private final IntSupplier injected = this::nextInjectedFault;
    private ScheduledEvent pending;

    RestoreWorker(EventQueue clock, Supplier<TrapCostProfile> profile, AmdkfdProcessInfo info, MmStruct mm) {
        this.clock = clock;
        this.profile = profile;
        this.info = info;
        this.mm = mm;
    }

    /** Makes the next {@code count} page faults of restore runs fail with {@code errno}. */
    void injectFaults(Errno errno, int count) {
        if (count > 0) injectedFaults.add(new int[]{errno.ret(), count});
    }

    private int nextInjectedFault() {
        int[] head = injectedFaults.peek();
        if (head == null) return 0;
        if (--head[1] == 0) injectedFaults.poll();
        return head[0];
    }

    /** {@code queue_delayed_work}: a run at {@code atNs}, unless one is already pending. */
    void queue(long atNs) {
        if (pending == null) pending = clock.schedule(atNs, EventPriority.KERNEL_WORK, this::start);
    }

    /** When the next run is due, or null. */
    Long scheduledAtNs() {
        return pending == null ? null : pending.timeNs();
    }

    long results(RestoreOutcome outcome) {
        return results[outcome.ordinal()];
    }

    private void start() {
        long now = clock.nowNs();
        long free = info.lock.earliestFree(now, 0);
        if (free > now) {
            // mutex_lock(&process_info->lock): an ALLOC or MAP holds it
            pending = clock.schedule(free, EventPriority.KERNEL_WORK, this::start);
            return;
        }
        pending = null;
        long snapshot = info.evictedBos;
        TrapCostProfile p = profile.get();
        Pass pass = updateInvalidUserPages(p);
        long work = pass.durationNs();
        List<KfdNode> devices = new ArrayList<>(1);
        if (pass.ret() == 0 && !info.userptrInvalList.isEmpty()) work += validateInvalidUserPages(p, devices);
        long startNs = info.lock.reserve(now, work);
        long endNs = startNs + work;
        // amdgpu_sync_wait once for the whole run: the PTE updates' TLB flush on each device's KIQ
        for (KfdNode node : devices) endNs = node.kiq.reserve(endNs, p.tlbFlushPerMapNs()) + p.tlbFlushPerMapNs();
        if (endNs > startNs + work) info.lock.reserve(startNs + work, endNs - startNs - work);
        clock.schedule(endNs, EventPriority.KERNEL_WORK, () -> finish(now, snapshot, pass.ret()));
    }

    private void finish(long startNs, long snapshot, int ret) {
        long endNs = clock.nowNs();
        TrapCostProfile p = profile.get();
        RestoreResult result;
        if (ret != 0) {
            result = RestoreResult.retry(Errno.fromReturn(ret).orElseThrow());
        } else if (info.evictedBos != snapshot) {
            result = RestoreResult.RACED;
        } else if (!confirmSequences()) {
            result = RestoreResult.STALE;
        } else {
            info.confirmValidUserPages();
            info.evictedBos = 0;
            result = info.userptrInvalList.isEmpty() ? RestoreResult.SUCCESS : RestoreResult.FAULT;
        }
        results[result.outcome().ordinal()]++;
        info.queues.restoreFinished(result, startNs, endNs);
        if (result.outcome().confirmed()) {
            info.queues.restore(endNs + p.queueResumeNs());
        } else {
            queue(endNs + p.restoreDelayNs());
        }
    }

    /**
     * {@code mmu_interval_read_retry} for every range fetched since the last confirmation (by this run or a raced
     * one). Where a sequence moved, the fetched pages may be stale: the range is marked for fetching again and the
     * confirmation fails. A v4 span notifier moves for every event in the span, so a range fetched before another
     * range's invalidation fails here: the retry loop of Koenig's review
     * ({@code a57d14cc-75c4-42d5-8ee8-be6e2640186b@amd.com}).
     */
    private boolean confirmSequences() {
        boolean current = true;
        for (KgdMem mem : info.userptrInvalList) {
            for (UserRangeInfo r : mem.ranges) {
                if (!r.awaitingConfirm) continue;
                r.awaitingConfirm = false;
                if (notifierOf(mem, r).readRetry(r.readSeq)) {
                    current = false;
                    mem.invalidate(r);
                    mem.invalid++;
                    mem.hmmRangePending = false;
                }
            }
        }
        return current;
    }

    private static MmuIntervalNotifier notifierOf(KgdMem mem, UserRangeInfo r) {
        return mem.userptr == UserptrAbi.BATCH_V2 ? r : mem.notifier;
    }

    private Pass updateInvalidUserPages(TrapCostProfile p) {
        info.moveInvalidatedToInvalList();
        long duration = 0;
        // re-faulting invalidates nothing, so the list does not change under the walk
        for (KgdMem mem : info.userptrInvalList) {
            if (mem.invalid == 0) continue;
            // discard the old range and move the BO to the CPU domain before re-faulting
            mem.hmmRangePending = false;
            mem.validated = false;
            Pass fetched = refetch(mem, p);
            duration += fetched.durationNs();
            if (fetched.ret() == Errno.EFAULT.ret()) continue;
            if (fetched.ret() != 0) return new Pass(fetched.ret(), duration);
            mem.invalid = 0;
            mem.hmmRangePending = true;
        }
        return new Pass(0, duration);
    }

    private Pass refetch(KgdMem mem, TrapCostProfile p) {
        RestoreGranularity g = p.restoreGranularity();
        boolean wholeBo = g == RestoreGranularity.WHOLE_BO || g == RestoreGranularity.BY_ABI && mem.userptr != UserptrAbi.BATCH_V4;
        long ranges = 0;
        long small = 0;
        long huge = 0;
        int ret = 0;
        // faults are injected between runs, not during one: without any pending, every fault is asked the same
        IntSupplier faults = injectedFaults.isEmpty() ? HmmRangeFault.NO_INJECTED_FAULT : injected;
        // whole: every range in order; else only those invalidated or without pages, in order
        UserRangeInfo[] all = mem.ranges;
        for (int i = wholeBo ? 0 : mem.nextStale(0); i >= 0 && i < all.length; i = wholeBo ? i + 1 : mem.nextStale(i + 1)) {
            UserRangeInfo r = all[i];
            ranges++;
            mem.setPagesPresent(r, false);
            MmuIntervalNotifier notifier = notifierOf(mem, r);
            if (notifier != null) {
                r.readSeq = notifier.readBegin();
                r.awaitingConfirm = true;
            }
            ret = HmmRangeFault.fault(mm, r.start(), r.size(), faults);
            if (ret != 0) break;
            mem.refetched(r);
            PageCounts pages = mm.pages(r.start(), r.start() + r.size());
            small += pages.small();
            huge += pages.huge();
        }
        // v4 faults every range under one mmap_lock hold; the others take it per range
        long lockCycles = mem.userptr == UserptrAbi.BATCH_V4 ? Math.min(1, ranges) : ranges;
        return new Pass(ret, p.rangeWorkNs(ranges, 0, lockCycles) + new PageCounts(small, huge).costNs(p.faultPerPageNs(), p.hugePageFactor()));
    }

    /** Adds to {@code devices} (a list: a process maps on a few GPUs, each listed once) the GPUs whose PTEs were rewritten. */
    private long validateInvalidUserPages(TrapCostProfile p, List<KfdNode> devices) {
        long duration = 0;
        for (KgdMem mem : info.userptrInvalList) {
            // ttm_bo_validate(GTT) DMA-maps the whole BO; every mapped attachment's PTEs are written again
            duration += p.revalidatePerBoNs() + mem.pagesCostNs(p.mapPerPageNs(), p.hugePageFactor());
            boolean pages = mem.allPagesPresent();
            mem.validated = pages;
            for (KfdMemAttachment a = mem.attachments; a != null; a = a.next) {
                if (!a.isMapped) continue;
                a.ptesValid = pages;
                if (!devices.contains(a.pdd.node)) devices.add(a.pdd.node);
            }
        }
        return duration;
    }
}
