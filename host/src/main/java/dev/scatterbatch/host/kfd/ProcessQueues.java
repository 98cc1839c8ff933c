package dev.scatterbatch.host.kfd;

import dev.scatterbatch.model.wire.RestoreResult;

import java.util.ArrayList;
import java.util.List;

/**
 * The process's user queues on every device and their eviction reference count ({@code qpd->evicted}). Userptr
 * eviction stops every queue of the process at once, so one count stands for all devices: queues run only while it
 * is 0.
 */
final class ProcessQueues {

    private final List<QueueEvictionListener> listeners = new ArrayList<>();
    private int evicted;
    private long evictions;

    void addListener(QueueEvictionListener listener) {
        listeners.add(listener);
    }

    /** {@code kfd_process_evict_queues}: the first reference stops the queues at {@code timeNs}. */
    void evict(long timeNs) {
        if (evicted++ == 0) {
            evictions++;
            for (QueueEvictionListener l : listeners) l.onQueuesEvicted(timeNs);
        }
    }

    /** {@code kfd_process_restore_queues}: the last reference restarts them, running from {@code runningAtNs}. */
    void restore(long runningAtNs) {
        if (evicted == 0) throw new IllegalStateException("queues restored more often than evicted");
        if (--evicted == 0) {
            for (QueueEvictionListener l : listeners) l.onQueuesResumed(runningAtNs);
        }
    }

    void restoreFinished(RestoreResult result, long startNs, long endNs) {
        for (QueueEvictionListener l : listeners) l.onRestoreFinished(result, startNs, endNs);
    }

    int evictCount() {
        return evicted;
    }

    long evictions() {
        return evictions;
    }
}
