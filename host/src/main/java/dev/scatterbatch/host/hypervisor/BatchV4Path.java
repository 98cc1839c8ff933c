package dev.scatterbatch.host.hypervisor;

import dev.scatterbatch.model.uapi.AllocFlags;
import dev.scatterbatch.model.wire.HostIoctl;
import dev.scatterbatch.model.wire.HostIoctl.CpuRange;
import dev.scatterbatch.model.wire.UserptrRequest;

import java.util.List;

/** One ALLOC_MEMORY_OF_GPU with the USERPTR_BATCH flag (v3/v4 ABI: one notifier over the whole span). */
record BatchV4Path() implements RegistrationPath {

    @Override
    public VmmResult register(VmmCall call, GuestBuffer b, UserptrRequest r, List<CpuRange> ranges) {
        return call.allocate(b, 0, new HostIoctl.AllocUserptrBatchFlag(call.processId, call.now(), call.gpuId, b.gpuVa, ranges,
                AllocFlags.LIBHSAKMT_USERPTR | AllocFlags.USERPTR_BATCH));
    }
}
