package dev.scatterbatch.host.hypervisor;

import dev.scatterbatch.model.cost.CostLedger;
import dev.scatterbatch.model.wire.GuestRequest;

/**
 * Hears everything a run does, in virtual-time order, on the scheduler's thread: the bench's statistics and
 * the Prometheus metrics are both observers. Every method has an empty default.
 */
public interface SimulationObserver {

    /** A guest forwarded a request to the VMM, leaving guest mode for {@code reason}. */
    default void forwardedRequest(int guest, VmExitReason reason) {
    }

    /** The host answered an ioctl: {@code cmd} is the command's name, {@code errno} null on success. */
    default void hostIoctl(int guest, String cmd, String errno, long durationNs) {
    }

    /** A guest buffer was registered with the GPU as {@code ranges} host VA ranges. */
    default void bufferRegistered(int guest, int ranges) {
    }

    /** A guest request completed; {@code cost} splits its duration by component. */
    default void requestCompleted(int guest, GuestRequest request, long startNs, long endNs, CostLedger cost) {
    }

    /** An iteration of a guest's benchmark ended. */
    default void iterationCompleted(int guest, int iteration, long startNs, long endNs, CostLedger attribution) {
    }

    /** An invalidation evicted a userptr BO of the guest's process (KFD's evicted_bos went up). */
    default void userptrEvicted(int guest, long atNs) {
    }

    /** The restore worker ran for the guest's process; {@code result} is {@code success}, {@code fault}, {@code retry} or {@code raced}. */
    default void restoreFinished(int guest, long atNs, String result) {
    }

    /** The guest's process had its queues evicted for {@code stallNs}. */
    default void queuesStalled(int guest, long evictedAtNs, long stallNs) {
    }

    /** The guest finished; {@code error} is null unless it stopped early. */
    default void guestFinished(int guest, long atNs, String error) {
    }
}
