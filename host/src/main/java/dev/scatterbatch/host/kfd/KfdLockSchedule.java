package dev.scatterbatch.host.kfd;

import dev.scatterbatch.host.sync.BusyCalendar;
import dev.scatterbatch.host.sync.CpuPool;
import dev.scatterbatch.model.cost.Component;
import dev.scatterbatch.model.cost.CostLedger;
import dev.scatterbatch.model.cost.PtUpdatePath;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.uapi.IoctlCommand;

import java.util.List;

/**
 * Who waits for whom during one memory ioctl of a KFD process: the ioctl's work (what {@link KfdProcess} charged to
 * its ledger) runs on a host CPU and under the locks {@code kfd_chardev.c} and {@code amdgpu_amdkfd_gpuvm.c} take,
 * and its TLB flushes and SDMA page-table jobs go through device-wide queues every process shares. The waits are
 * charged to {@link Component#LOCK_WAIT} and {@link Component#DEVICE_QUEUE_WAIT}, so the caller's clock moves past
 * them.
 *
 * <ul>
 *   <li>ALLOC: {@code mmap_lock} for write until {@code p->mutex} is taken ({@code svm_range_list_lock_and_flush_work});
 *   then {@code p->mutex} and {@code process_info->lock} ({@code init_user_pages}) for its work, so it waits for a
 *   restore run;</li>
 *   <li>MAP: {@code p->mutex} and {@code process_info->lock} for the page-table update and fence wait (with the
 *   SDMA path, the PTE writes queue on the device's SDMA rings inside it); then, after {@code p->mutex} is
 *   dropped, one TLB flush per device on its KIQ;</li>
 *   <li>UNMAP: {@code p->mutex} for all of it, including the heavyweight flush on the KIQ;</li>
 *   <li>FREE: {@code p->mutex}.</li>
 * </ul>
 * A CPU is taken for the whole ioctl (KIQ flushes busy-poll); with more runnable threads than {@code hostCpus},
 * the ioctl waits for one (charged as a lock wait: the run queue is the lock).
 */
public final class KfdLockSchedule {

    private final CpuPool cpus = new CpuPool();

    /**
     * Schedules the ioctl {@code cmd} of {@code kfd} that started at {@code atNs} and did the work in {@code ledger},
     * flushing the TLB of each device in {@code flushedGpuIds}; adds the waits to {@code ledger}.
     */
    public void schedule(KfdProcess kfd, IoctlCommand cmd, List<Integer> flushedGpuIds, long atNs, CostLedger ledger,
                         TrapCostProfile p) {
        long total = ledger.totalNs();
        long entry = ledger.get(Component.HOST_IOCTL);
        long cpuStart = cpus.run(atNs, total, (int) p.hostCpus());
        long lockWait = cpuStart - atNs;
        long queueWait = 0;
        long t = cpuStart + entry;
        long work = total - entry;
        BusyCalendar info = kfd.processInfo().lock;
        long flush = p.tlbFlushPerMapNs();
        switch (cmd) {
            case ALLOC_MEMORY_OF_GPU, ALLOC_MEMORY_OF_GPU_BATCH -> {
                long s = kfd.mm().mmapLock().reserve(t, 0);
                s = bothFree(kfd.mutex, info, s, work);
                lockWait += s - t;
                // both are free for the work at s: booked there without looking again
                kfd.mutex.reserveAt(s, s, work);
                info.reserveAt(s, s, work);
            }
            case MAP_MEMORY_TO_GPU -> {
                long ptes = p.ptUpdatePath() == PtUpdatePath.SDMA ? ledger.get(Component.PER_PAGE) : 0;
                long locked = work - flush * flushedGpuIds.size();
                long s = bothFree(kfd.mutex, info, t, locked);
                lockWait += s - t;
                long sdmaWait = 0;
                for (int gpuId : flushedGpuIds) {
                    long at = s + locked - ptes + sdmaWait;
                    sdmaWait += kfd.node(gpuId).sdmaRings.reserve(at, ptes) - at;
                }
                kfd.mutex.reserve(s, locked + sdmaWait);
                info.reserve(s, locked + sdmaWait);
                long end = s + locked + sdmaWait;
                for (int gpuId : flushedGpuIds) end = kfd.node(gpuId).kiq.reserve(end, flush) + flush;
                queueWait += end - (s + work);
            }
            case UNMAP_MEMORY_FROM_GPU -> {
                long s = kfd.mutex.earliestFree(t, work);
                lockWait += s - t;
                long end = s + work - flush * flushedGpuIds.size();
                for (int gpuId : flushedGpuIds) end = kfd.node(gpuId).kiq.reserve(end, flush) + flush;
                queueWait += end - (s + work);
                kfd.mutex.reserve(s, end - s);
            }
            default -> {
                long s = kfd.mutex.reserve(t, work);
                lockWait += s - t;
            }
        }
        ledger.charge(Component.LOCK_WAIT, lockWait);
        ledger.charge(Component.DEVICE_QUEUE_WAIT, queueWait);
    }

    /** The earliest start at or after {@code atNs} where both locks are free for {@code holdNs} (taken in order). */
    private static long bothFree(BusyCalendar first, BusyCalendar second, long atNs, long holdNs) {
        long s = atNs;
        while (true) {
            long a = first.earliestFree(s, holdNs);
            long b = second.earliestFree(a, holdNs);
            if (b == a) return a;
            s = b;
        }
    }
}
