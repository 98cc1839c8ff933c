package dev.scatterbatch.host.hypervisor;

import dev.scatterbatch.model.cost.PinAccounting;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.uapi.IoctlCommand;
import dev.scatterbatch.model.uapi.SvmAttribute;
import dev.scatterbatch.model.wire.HostIoctl;
import dev.scatterbatch.model.wire.HostIoctl.CpuRange;
import dev.scatterbatch.model.wire.HostReply;
import dev.scatterbatch.model.wire.UserptrRequest;

import java.util.List;

/**
 * The batch series v1: the VMM maps a placeholder VMA the size of the buffer, and one {@code AMDKFD_IOC_SVM_RANGES}
 * pins every host VA range behind it and maps it for the GPU (ACCESS and MAPPED), at GPU VA = the placeholder's CPU
 * VA. MAP and UNMAP have nothing left to do; FREE unmaps the placeholder, which unpins the pages and unmaps them
 * from the GPU. The pinned pages are never invalidated.
 */
record SvmPinnedPath() implements MappedAtRegistration {

    @Override
    public VmmResult register(VmmCall call, GuestBuffer b, UserptrRequest r, List<CpuRange> ranges) {
        VmmResult mmap = call.mapCpu(b, r.hugeBacked());
        if (!mmap.ok()) return mmap;
        HostReply reply = call.ioctl(new HostIoctl.SvmRanges(call.processId, call.now(), b.cpuVa, ranges,
                List.of(new SvmAttribute(SvmAttribute.ACCESS, call.gpuId), new SvmAttribute(SvmAttribute.MAPPED, 0))), IoctlCommand.SVM_RANGES);
        if (reply.ok()) return VmmResult.OK;
        // unmapping the placeholder closes its VMA, which unpins whatever the call pinned before it failed
        call.releaseCpu(b);
        long pages = ranges.stream().mapToLong(CpuRange::size).sum() >>> 12;
        String why = "ENOMEM".equals(reply.errno()) ? ": " + enomemCause(call.profile) : "";
        return VmmCall.failed(reply, String.format("AMDKFD_IOC_SVM_RANGES could not register the buffer's %,d pinned pages%s", pages, why));
    }

    /** Where pinning meets ENOMEM under {@code p}, in the order the kernel would meet it. */
    private static String enomemCause(TrapCostProfile p) {
        if (p.oversubscribe() > 1) {
            return "with all demand on the host at " + p.oversubscribe() + " times its RAM (oversubscribe), pinned pages"
                    + " cannot be reclaimed, so there is no memory to make them resident";
        }
        if (p.pinAccounting() == PinAccounting.MEMLOCK) {
            return "pinned pages count against RLIMIT_MEMLOCK (memlockLimit " + p.memlockLimitBytes() + " bytes)";
        }
        return "KFD's system-memory limit (amdgpu_amdkfd_reserve_mem_limit) is reached";
    }

    @Override
    public VmmResult free(VmmCall call, GuestBuffer b, int[] slots) {
        teardown(call, b);
        return VmmResult.OK;
    }
}
