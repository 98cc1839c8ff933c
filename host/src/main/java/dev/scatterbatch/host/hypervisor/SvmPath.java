package dev.scatterbatch.host.hypervisor;

import dev.scatterbatch.model.uapi.Errno;
import dev.scatterbatch.model.uapi.IoctlCommand;
import dev.scatterbatch.model.uapi.SvmAttribute;
import dev.scatterbatch.model.wire.HostIoctl;
import dev.scatterbatch.model.wire.HostIoctl.CpuRange;
import dev.scatterbatch.model.wire.HostReply;
import dev.scatterbatch.model.wire.UserptrRequest;

import java.util.List;

/**
 * The reviewers' alternative: {@code AMDKFD_IOC_SVM} SET_ATTR over the buffer's host VA, so its GPU VA is that CPU
 * VA, prefetched to VRAM and mapped; FREE migrates it back to system memory and revokes the GPU's access (the SVM
 * range itself stays: a VMM cannot unmap guest RAM). Under KVM a buffer contiguous in the guest is as many host VA
 * ranges as it has guest-physical runs, and one GPU VA = CPU VA range cannot give the guest one contiguous GPU VA
 * over several of them without remapping (mremap's cost): such a buffer is refused, so svm runs only where every
 * buffer is one host VA range.
 */
record SvmPath() implements MappedAtRegistration {

    /** {@code svm_default_granularity}: 2 MiB (log2 of 512 pages). */
    private static final int GRANULARITY_2M = 9;

    @Override
    public VmmResult register(VmmCall call, GuestBuffer b, UserptrRequest r, List<CpuRange> ranges) {
        if (ranges.size() != 1) return new VmmResult.Failed(Errno.EINVAL, impossible(ranges.size()));
        CpuRange range = ranges.getFirst();
        HostReply reply = call.ioctl(new HostIoctl.SvmSetAttr(call.processId, call.now(), range.start(), range.size(), List.of(
                new SvmAttribute(SvmAttribute.PREFERRED_LOC, call.gpuId), new SvmAttribute(SvmAttribute.PREFETCH_LOC, call.gpuId),
                new SvmAttribute(SvmAttribute.ACCESS, call.gpuId), new SvmAttribute(SvmAttribute.GRANULARITY, GRANULARITY_2M),
                new SvmAttribute(SvmAttribute.SET_FLAGS, SvmAttribute.FLAG_HOST_ACCESS | SvmAttribute.FLAG_COHERENT))), IoctlCommand.SVM);
        if (!reply.ok()) return VmmCall.failed(reply, "host SVM SET_ATTR answered " + reply.errno());
        b.svm = range;
        return VmmResult.OK;
    }

    /** The sentence for a buffer of {@code ranges} host VA ranges. */
    static String impossible(int ranges) {
        return "svm cannot run under KVM here: it maps a buffer at GPU VA = CPU VA, and this guest buffer is " + ranges
                + " scattered host VA ranges of the VMM, so the guest's contiguous GPU VA cannot be given without remapping"
                + " them (mremap's cost); svm runs only where every buffer is one host VA range";
    }

    @Override
    public VmmResult free(VmmCall call, GuestBuffer b, int[] slots) {
        if (b.svm == null) return VmmResult.OK;
        HostReply reply = call.ioctl(new HostIoctl.SvmSetAttr(call.processId, call.now(), b.svm.start(), b.svm.size(), List.of(
                new SvmAttribute(SvmAttribute.PREFETCH_LOC, SvmAttribute.LOCATION_SYSMEM),
                new SvmAttribute(SvmAttribute.NO_ACCESS, call.gpuId))), IoctlCommand.SVM);
        b.svm = null;
        return reply.ok() ? VmmResult.OK : VmmCall.failed(reply, "host SVM SET_ATTR answered " + reply.errno());
    }
}
