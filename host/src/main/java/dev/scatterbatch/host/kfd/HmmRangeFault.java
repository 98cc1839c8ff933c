package dev.scatterbatch.host.kfd;

import dev.scatterbatch.host.mm.MmStruct;
import dev.scatterbatch.host.mm.Vma;
import dev.scatterbatch.model.uapi.Errno;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * Getting a userptr range's pages ({@code vma_lookup} then {@code hmm_range_fault}, as
 * {@code amdgpu_ttm_tt_get_user_pages} does). The model's rule: {@code -EFAULT} when no mapping contains
 * {@code start}; {@code -EINVAL} when {@code start + size} wraps (the page walk of an empty or reversed range);
 * {@code -EFAULT} when any byte of {@code [start, start + size)} is not mapped (a hole the fault cannot fill);
 * otherwise the pages are faulted in.
 */
final class HmmRangeFault {

    /** What {@code hmm_range_fault} can fault: not a {@code PROT_NONE} reservation, not a device mapping. */
    private static final Set<Vma.Kind> FAULTABLE = EnumSet.of(Vma.Kind.ANONYMOUS);

    /** No injected error: the supplier of every fault outside a restore run with injected faults pending. */
    static final IntSupplier NO_INJECTED_FAULT = () -> 0;

    private HmmRangeFault() {
    }

    /**
     * Faults {@code [start, start + size)}; {@code injected} is asked, once the start's mapping is found, for an
     * error {@code hmm_range_fault} should return instead (0 for none).
     */
    static int fault(MmStruct mm, long start, long size, IntSupplier injected) {
        Vma first = mm.vmaAt(start);
        if (first == null) return Errno.EFAULT.ret();
        int error = injected.getAsInt();
        if (error != 0) return error;
        long end = start + size;
        if (Long.compareUnsigned(end, start) <= 0) return Errno.EINVAL.ret();
        // a PROT_NONE reservation or a device mapping under the range cannot be faulted; the walk starts at the
        // mapping vma_lookup found rather than looking it up again
        return mm.isMapped(first, start, end, FAULTABLE) ? 0 : Errno.EFAULT.ret();
    }
}
