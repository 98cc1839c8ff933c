package dev.scatterbatch.host.kfd;

import java.util.List;

/**
 * A snapshot of a KFD process (the replay's {@code state}).
 *
 * @param timeNs               virtual time
 * @param systemMemUsed        {@code kfd_mem_limit.system_mem_used} in bytes
 * @param evictedBos           {@code process_info->evicted_bos}: invalidation events since the first one
 * @param queuesActive         whether the process's queues run
 * @param queueEvictCount      the queues' eviction reference count ({@code qpd->evicted}; 0 while they run)
 * @param restoreScheduledAtNs when the restore worker is next due, or null
 * @param notifiers            interval notifiers registered on the process's mm (userptr BOs and SVM ranges)
 * @param bos                  live BOs in handle order
 */
public record KfdState(long timeNs, long systemMemUsed, long evictedBos, boolean queuesActive, int queueEvictCount,
                       Long restoreScheduledAtNs, int notifiers, List<BoState> bos) {
}
