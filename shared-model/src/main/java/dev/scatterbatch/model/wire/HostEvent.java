package dev.scatterbatch.model.wire;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Something that happened on the host, reported back to the hypervisor in virtual-time order. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = HostEvent.ComputeDone.class, name = "compute-done"),
        @JsonSubTypes.Type(value = HostEvent.UserptrEvicted.class, name = "evicted"),
        @JsonSubTypes.Type(value = HostEvent.QueuesResumed.class, name = "resumed"),
        @JsonSubTypes.Type(value = HostEvent.RestoreFinished.class, name = "restore")})
public sealed interface HostEvent {

    /** The process it concerns. */
    int processId();

    /** When it happened. */
    long atNs();

    /** A compute job finished: its wait split into eviction stall and contention for the GPU. */
    record ComputeDone(int processId, long atNs, long jobId, long runNs, long stallNs, long contentionNs)
            implements HostEvent {
    }

    /**
     * Invalidations evicted userptr BOs of the process {@code count} times by {@code atNs} (evicted_bos went up that
     * much): one event per report, so a cascade of evictions costs one object, not one per BO evicted.
     */
    record UserptrEvicted(int processId, long atNs, long count) implements HostEvent {
    }

    /** The process's queues run again after {@code stallNs} evicted. */
    record QueuesResumed(int processId, long atNs, long stallNs) implements HostEvent {
    }

    /** The restore worker ran: {@code ok}, {@code fault} (-EFAULT, BO left invalid) or {@code retry}. */
    record RestoreFinished(int processId, long atNs, String result) implements HostEvent {
    }
}
