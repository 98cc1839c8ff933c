package dev.scatterbatch.host.hypervisor;

import dev.scatterbatch.model.uapi.AllocFlags;
import dev.scatterbatch.model.uapi.Errno;
import dev.scatterbatch.model.wire.HostCommand;
import dev.scatterbatch.model.wire.HostIoctl;
import dev.scatterbatch.model.wire.HostIoctl.CpuRange;
import dev.scatterbatch.model.wire.UserptrRequest;

import java.util.List;

/**
 * The VMM stitches the ranges into one contiguous CPU VA with mremap(MREMAP_DONTUNMAP), then registers that as a
 * single userptr; each mremap adds a VMA, so past {@code vm.max_map_count} it fails with ENOMEM.
 */
record MremapPath() implements RegistrationPath {

    @Override
    public VmmResult register(VmmCall call, GuestBuffer b, UserptrRequest r, List<CpuRange> ranges) {
        long dest = call.cpuVa.reserve(b.bytes);
        if (dest < 0) return VmmResult.failed(Errno.ENOMEM, "CPU VA window exhausted");
        b.cpuVa = dest;
        long offset = 0;
        for (CpuRange range : ranges) {
            VmmResult moved = call.syscall(new HostCommand.Mremap(call.processId, call.atNs, range.start(), range.size(), dest + offset), "mremap");
            if (moved instanceof VmmResult.Failed f) {
                if (offset > 0) call.syscall(new HostCommand.Munmap(call.processId, call.atNs, dest, offset), "munmap");
                call.cpuVa.release(dest, b.bytes);
                b.cpuVa = -1;
                return new VmmResult.Failed(f.errno(), f.message() + " after stitching " + offset / 4096
                        + " pages (vm.max_map_count " + call.profile.maxMapCount() + ")");
            }
            offset += range.size();
        }
        VmmResult alloc = call.allocate(b, 0, new HostIoctl.AllocUserptr(call.processId, call.atNs, call.gpuId, b.gpuVa, b.bytes, dest,
                AllocFlags.LIBHSAKMT_USERPTR));
        if (!alloc.ok()) call.releaseCpu(b);
        return alloc;
    }

    /** The stitched VA is unmapped. */
    @Override
    public void teardown(VmmCall call, GuestBuffer b) {
        if (b.cpuVa >= 0) call.releaseCpu(b);
    }
}
