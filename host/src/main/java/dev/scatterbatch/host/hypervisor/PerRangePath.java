package dev.scatterbatch.host.hypervisor;

import dev.scatterbatch.model.wire.HostIoctl.CpuRange;
import dev.scatterbatch.model.wire.UserptrRequest;

import java.util.List;

/**
 * One ALLOC per host VA range, range i in slot {@code firstSlot + i} at its offset in the buffer's GPU VA; with the
 * split in the guest each request carries one part, whose index is its slot.
 */
record PerRangePath() implements RegistrationPath {

    @Override
    public VmmResult register(VmmCall call, GuestBuffer b, UserptrRequest r, List<CpuRange> ranges) {
        int firstSlot = Math.max(0, r.part());
        long va = b.gpuVa + r.partOffset();
        b.handles.ensureCapacity(firstSlot + ranges.size());
        for (int i = 0; i < ranges.size(); i++) {
            CpuRange range = ranges.get(i);
            VmmResult alloc = call.allocateUserptr(b, firstSlot + i, va, range.size(), range.start());
            if (!alloc.ok()) {
                for (int j = 0; j < i; j++) call.freeHandle(b.handles.remove(firstSlot + j));
                return alloc;
            }
            va += range.size();
        }
        return VmmResult.OK;
    }
}
