package dev.scatterbatch.host.kfd;

import dev.scatterbatch.host.mm.MmStruct;
import dev.scatterbatch.host.mm.PageCounts;
import dev.scatterbatch.model.cost.RestoreGranularity;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.sim.EventPriority;
import dev.scatterbatch.model.sim.EventQueue;
import dev.scatterbatch.model.sim.ScheduledEvent;
import dev.scatterbatch.model.uapi.Errno;

import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code amdgpu_amdkfd_restore_userptr_worker} on the virtual clock. A run starts with a snapshot of
 * {@code evicted_bos}, re-faults the invalid BOs' pages ({@code update_invalid_user_pages}), revalidates them and
 * rewrites their page tables ({@code validate_invalid_user_pages}), and ends after the work's simulated duration.
 * At the end it confirms the BOs and resumes the queues, unless a re-fault failed with an error other than
 * {@code -EFAULT} or new invalidations arrived meanwhile ({@code evicted_bos} changed): then it runs again after
 * {@code userptrRestoreDelay}. {@code -EFAULT} counts as success: the BO keeps no pages and stays on the invalid
 * list (state F).
 *
 * <p>Duration: per BO on the invalid list, {@code revalidatePerBo}, plus {@code gpuMapPerCall} if it is mapped;
 * per re-faulted range {@code perRange}; per re-faulted 4 KiB page {@code perPage} (times {@code hugePageFactor}
 * for huge-backed pages). Which ranges are re-faulted follows {@code restoreGranularity}: every range of the BO
 * ({@code whole-bo}) or only the invalidated ones ({@code per-range}).
 */
final class RestoreWorker {

    private record Pass(int ret, long durationNs) {
    }

    private final EventQueue clock;
    private final Supplier<TrapCostProfile> profile;
    private final AmdkfdProcessInfo info;
    private final MmStruct mm;
    private final long[] results = new long[RestoreResult.values().length];
    /** Injected {@code hmm_range_fault} errors, each {@code {-errno, remaining}}, used in order. */
    private final ArrayDeque<int[]> injectedFaults = new ArrayDeque<>();
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

    long results(RestoreResult result) {
        return results[result.ordinal()];
    }

    private void start() {
        pending = null;
        long startNs = clock.nowNs();
        long snapshot = info.evictedBos;
        TrapCostProfile p = profile.get();
        Pass pass = updateInvalidUserPages(p);
        long duration = pass.durationNs();
        if (pass.ret() == 0 && !info.userptrInvalList.isEmpty()) duration += validateInvalidUserPages(p);
        clock.schedule(startNs + duration, EventPriority.KERNEL_WORK, () -> finish(startNs, snapshot, pass.ret()));
    }

    private void finish(long startNs, long snapshot, int ret) {
        long endNs = clock.nowNs();
        TrapCostProfile p = profile.get();
        RestoreResult result;
        if (ret != 0) {
            result = RestoreResult.RETRY;
        } else if (info.evictedBos != snapshot) {
            result = RestoreResult.RACED;
        } else {
            info.confirmValidUserPages();
            info.evictedBos = 0;
            result = info.userptrInvalList.isEmpty() ? RestoreResult.SUCCESS : RestoreResult.FAULT;
        }
        results[result.ordinal()]++;
        info.queues.restoreFinished(result, startNs, endNs);
        if (result == RestoreResult.RETRY || result == RestoreResult.RACED) {
            queue(endNs + p.userptrRestoreDelayNs());
        } else {
            info.queues.restore(endNs + p.queueResumeNs());
        }
    }

    private Pass updateInvalidUserPages(TrapCostProfile p) {
        info.moveInvalidatedToInvalList();
        long duration = 0;
        for (KgdMem mem : List.copyOf(info.userptrInvalList)) {
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
        boolean wholeBo = p.restoreGranularity() == RestoreGranularity.WHOLE_BO;
        long ranges = 0;
        PageCounts pages = PageCounts.NONE;
        int ret = 0;
        for (UserRangeInfo r : mem.ranges) {
            if (!wholeBo && r.invalid == 0 && r.pagesPresent) continue;
            ranges++;
            r.pagesPresent = false;
            ret = HmmRangeFault.fault(mm, r.start, r.size, this::nextInjectedFault);
            if (ret != 0) break;
            r.pagesPresent = true;
            r.invalid = 0;
            pages = pages.plus(mm.pages(r.start, r.start + r.size));
        }
        return new Pass(ret, ranges * p.perRangeNs() + pages.costNs(p.perPageNs(), p.hugePageFactor()));
    }

    private long validateInvalidUserPages(TrapCostProfile p) {
        long duration = 0;
        for (KgdMem mem : info.userptrInvalList) {
            duration += p.revalidatePerBoNs() + (mem.mappedToGpuMemory > 0 ? p.gpuMapPerCallNs() : 0);
            boolean pages = mem.allPagesPresent();
            mem.validated = pages;
            for (KfdMemAttachment a : mem.attachments) if (a.isMapped) a.ptesValid = pages;
        }
        return duration;
    }
}
