package dev.scatterbatch.host.kfd;

import dev.scatterbatch.host.mm.MmStruct;
import dev.scatterbatch.host.sync.BusyCalendar;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.sim.EventQueue;

import java.util.function.Supplier;

/**
 * {@code struct amdkfd_process_info}: the process's userptr BOs on the valid and invalid lists, the count of
 * invalidation events since the first one ({@code evicted_bos}), and what an invalidation of a userptr BO sets off:
 * the first one quiesces every queue of the process and queues the restore worker {@code queueQuiesce} plus one
 * jiffy later. Its {@link #lock} is {@code process_info->lock}: the restore worker holds it for a whole run, and
 * ALLOC ({@code init_user_pages}) and MAP wait for it.
 */
final class AmdkfdProcessInfo {

    final KgdMemList userptrValidList = new KgdMemList();
    final KgdMemList userptrInvalList = new KgdMemList();
    final ProcessQueues queues;
    /** {@code process_info->lock}. */
    final BusyCalendar lock = new BusyCalendar();
    final RestoreWorker restoreWorker;
    private final EventQueue clock;
    private final Supplier<TrapCostProfile> profile;
    /** {@code evicted_bos}: invalidation events since the first one; only a completed restore resets it. */
    long evictedBos;
    private long invalidationEvents;

    AmdkfdProcessInfo(EventQueue clock, Supplier<TrapCostProfile> profile, ProcessQueues queues, MmStruct mm) {
        this.clock = clock;
        this.profile = profile;
        this.queues = queues;
        this.restoreWorker = new RestoreWorker(clock, profile, this, mm);
    }

    /**
     * The end of {@code amdgpu_amdkfd_evict_userptr}, after the BO's invalid counters went up: counts the event,
     * and on the first one stops the queues now and queues the restore worker.
     */
    void userptrEvicted() {
        invalidationEvents++;
        if (++evictedBos == 1) {
            long now = clock.nowNs();
            queues.evict(now);
            TrapCostProfile p = profile.get();
            restoreWorker.queue(now + p.queueQuiesceNs() + p.restoreDelayNs());
        }
    }

    /** {@code add_kgd_mem_to_kfd_bo_list}: a new userptr BO starts on the valid list. */
    void add(KgdMem mem) {
        userptrValidList.add(mem);
    }

    /** Takes a BO off whichever list it is on (FREE; a failed allocation). */
    void remove(KgdMem mem) {
        if (!userptrValidList.remove(mem)) userptrInvalList.remove(mem);
    }

    /** {@code update_invalid_user_pages}' first step: BOs invalidated since their last restore move to the invalid list. */
    void moveInvalidatedToInvalList() {
        for (KgdMem mem : userptrValidList) {
            if (mem.invalid != 0) {
                userptrValidList.remove(mem);
                userptrInvalList.add(mem);
            }
        }
    }

    /**
     * {@code confirm_valid_user_pages_locked}: BOs with freshly fetched pages go back to the valid list; BOs whose
     * fetch faulted have none and stay on the invalid list (state F).
     */
    void confirmValidUserPages() {
        for (KgdMem mem : userptrInvalList) {
            if (mem.hmmRangePending) {
                mem.hmmRangePending = false;
                userptrInvalList.remove(mem);
                userptrValidList.add(mem);
            }
        }
    }

    long invalidationEvents() {
        return invalidationEvents;
    }
}
