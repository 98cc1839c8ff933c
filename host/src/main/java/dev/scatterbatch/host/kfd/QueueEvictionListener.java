package dev.scatterbatch.host.kfd;

import dev.scatterbatch.model.wire.RestoreResult;

/**
 * Told when a process's queues stop and restart because of userptr eviction (the GPU model stalls the process's
 * work between the two). Times are virtual nanoseconds.
 */
public interface QueueEvictionListener {

    /** Every queue of the process stopped at {@code timeNs} (the first invalidation of an eviction). */
    void onQueuesEvicted(long timeNs);

    /** The queues run again from {@code timeNs} (restore finished plus {@code queueResume}). */
    void onQueuesResumed(long timeNs);

    /** A restore-worker run from {@code startNs} to {@code endNs} finished with {@code result}. */
    default void onRestoreFinished(RestoreResult result, long startNs, long endNs) {
    }
}
