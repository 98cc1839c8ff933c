package dev.scatterbatch.host.hypervisor;

import dev.scatterbatch.model.cost.CostLedger;
import dev.scatterbatch.model.wire.HostCommand;
import dev.scatterbatch.model.wire.HostIoctl;
import dev.scatterbatch.model.wire.HostReply;

import java.util.List;

/**
 * The hypervisor's line to the host kernel: a plain call, or a request over the event bus. The four ioctls a
 * per-range registration issues thousands of have methods of their own, which send the {@link HostIoctl} message;
 * the host kernel, reached in the same thread, takes them from their fields without one.
 */
@FunctionalInterface
public interface HostGpuPort {
    /** Sends {@code command}, waits for the host's reply, and charges what the command cost to {@code cost}. */
    HostReply call(HostCommand command, CostLedger cost);

    /** {@link HostIoctl.AllocUserptr}, as {@link #call} of it. */
    default HostReply allocUserptr(int processId, long atNs, int gpuId, long vaAddr, long size, long cpuAddress, int flags,
                                   CostLedger cost) {
        return call(new HostIoctl.AllocUserptr(processId, atNs, gpuId, vaAddr, size, cpuAddress, flags), cost);
    }

    /** {@link HostIoctl.MapToGpu}, as {@link #call} of it. */
    default HostReply mapToGpu(int processId, long atNs, long handle, List<Integer> gpuIds, CostLedger cost) {
        return call(new HostIoctl.MapToGpu(processId, atNs, handle, gpuIds), cost);
    }

    /** {@link HostIoctl.UnmapFromGpu}, as {@link #call} of it. */
    default HostReply unmapFromGpu(int processId, long atNs, long handle, List<Integer> gpuIds, CostLedger cost) {
        return call(new HostIoctl.UnmapFromGpu(processId, atNs, handle, gpuIds), cost);
    }

    /** {@link HostIoctl.FreeMemory}, as {@link #call} of it. */
    default HostReply freeMemory(int processId, long atNs, long handle, CostLedger cost) {
        return call(new HostIoctl.FreeMemory(processId, atNs, handle), cost);
    }
}
