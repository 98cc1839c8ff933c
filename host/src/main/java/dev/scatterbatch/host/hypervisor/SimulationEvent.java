package dev.scatterbatch.host.hypervisor;

import dev.scatterbatch.model.cost.CostLedger;
import dev.scatterbatch.model.uapi.Errno;
import dev.scatterbatch.model.uapi.IoctlCommand;
import dev.scatterbatch.model.wire.RestoreResult;

/**
 * Something a run did, as its observers hear it (in virtual-time order, on the scheduler's thread). Sealed, so an
 * observer's exhaustive switch stops compiling when an event is added, instead of silently ignoring it.
 */
public sealed interface SimulationEvent {

    /** The guest (process) the event belongs to. */
    int guest();

    /** A guest forwarded a request to the VMM, leaving guest mode for {@code reason}. */
    record ForwardedRequest(int guest, VmExitReason reason) implements SimulationEvent {
    }

    /** The host answered a KFD ioctl; {@code errno} is null on success; {@code durationNs} is its charged cost. */
    record HostIoctl(int guest, IoctlCommand cmd, Errno errno, long durationNs) implements SimulationEvent {
    }

    /** A guest buffer was registered with the GPU as {@code ranges} host VA ranges. */
    record BufferRegistered(int guest, int ranges) implements SimulationEvent {
    }

    /** An iteration of a guest's benchmark ended; {@code attribution} splits its time by component. */
    record IterationCompleted(int guest, int iteration, long startNs, long endNs, CostLedger attribution) implements SimulationEvent {
    }

    /** Invalidations evicted userptr BOs of the guest's process: KFD's evicted_bos went up by {@code count}. */
    record UserptrEvicted(int guest, long atNs, long count) implements SimulationEvent {
    }

    /** The restore worker ran for the guest's process and ended with {@code result}. */
    record RestoreFinished(int guest, long atNs, RestoreResult result) implements SimulationEvent {
    }

    /** The guest's process had its queues evicted for {@code stallNs}. */
    record QueuesStalled(int guest, long evictedAtNs, long stallNs) implements SimulationEvent {
    }

    /**
     * The guest completed its last measured iteration and, with other guests still measuring, goes on running
     * {@linkplain dev.scatterbatch.model.wire.GuestRequest#BACKGROUND unmeasured} iterations: what it does from now
     * on keeps the host loaded and is not part of any measurement.
     */
    record MeasurementEnded(int guest, long atNs) implements SimulationEvent {
    }

    /** The guest finished; {@code error} is null unless it stopped early. */
    record GuestFinished(int guest, long atNs, String error) implements SimulationEvent {
    }
}
