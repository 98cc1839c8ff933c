package dev.scatterbatch.host.hypervisor;

import dev.scatterbatch.model.uapi.AllocFlags;
import dev.scatterbatch.model.wire.HostIoctl;
import dev.scatterbatch.model.wire.HostIoctl.CpuRange;
import dev.scatterbatch.model.wire.UserptrRequest;

import java.util.List;

/** One ALLOC_MEMORY_OF_GPU_BATCH (v2 ABI: one MMU notifier per range) for every range of the buffer. */
record BatchPath() implements RegistrationPath {

    @Override
    public VmmResult register(VmmCall call, GuestBuffer b, UserptrRequest r, List<CpuRange> ranges) {
        return call.allocate(b, 0, new HostIoctl.AllocUserptrBatch(call.processId, call.now(), call.gpuId, b.gpuVa, ranges,
                AllocFlags.LIBHSAKMT_USERPTR));
    }
}
