package dev.scatterbatch.host.hypervisor;

import dev.scatterbatch.model.cost.GuestRamBacking;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.uapi.Errno;
import dev.scatterbatch.model.wire.HostCommand;
import dev.scatterbatch.model.wire.HostIoctl.CpuRange;
import dev.scatterbatch.model.wire.UserptrRequest;

import java.util.List;

/**
 * The VMM stitches the ranges into one contiguous CPU VA with mremap(MREMAP_DONTUNMAP), then registers that as a
 * single userptr; each mremap adds a VMA, so past {@code vm.max_map_count} it fails with ENOMEM. Each mremap also
 * fires KVM's MMU notifier on the old range of guest RAM (the host kernel charges it with the mremap).
 */
record MremapPath() implements RegistrationPath {

    /**
     * Why stitching cannot run under {@code profile}, or null: with private anonymous guest RAM,
     * {@code MREMAP_DONTUNMAP} moves the pages and leaves the guest's own range empty.
     */
    static String refusal(TrapCostProfile profile) {
        return profile.guestRam() == GuestRamBacking.PRIVATE
                ? "mremap stitching needs guestRam: memfd, because MREMAP_DONTUNMAP on private anonymous guest RAM moves the"
                + " pages to the stitched range and leaves the guest's own range empty, so the guest would lose that RAM"
                : null;
    }

    @Override
    public VmmResult register(VmmCall call, GuestBuffer b, UserptrRequest r, List<CpuRange> ranges) {
        String refused = refusal(call.profile);
        if (refused != null) return VmmResult.failed(Errno.EINVAL, refused);
        long dest = call.cpuVa.reserve(b.bytes);
        if (dest < 0) return VmmResult.failed(Errno.ENOMEM, "CPU VA window exhausted");
        b.cpuVa = dest;
        long offset = 0;
        for (CpuRange range : ranges) {
            VmmResult moved = call.syscall(new HostCommand.Mremap(call.processId, call.now(), range.start(), range.size(), dest + offset), "mremap");
            if (moved instanceof VmmResult.Failed f) {
                if (offset > 0) call.syscall(new HostCommand.Munmap(call.processId, call.now(), dest, offset), "munmap");
                call.cpuVa.release(dest, b.bytes);
                b.cpuVa = -1;
                return new VmmResult.Failed(f.errno(), f.message() + " after stitching " + offset / 4096
                        + " pages (vm.max_map_count " + call.profile.maxMapCount() + ")");
            }
            offset += range.size();
        }
        return call.allocateCpuVa(b);
    }
}
