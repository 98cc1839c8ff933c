package dev.scatterbatch.host.kfd;

import dev.scatterbatch.host.mm.IntervalTree;
import dev.scatterbatch.model.uapi.Errno;

/**
 * One device's GPU virtual address space ({@code amdgpu_vm}) as far as KFD mappings go: the mapped ranges in an
 * interval tree of 4 KiB GPU pages, with {@code amdgpu_vm_bo_map}'s checks.
 */
final class GpuVm {

    /** {@code vm_manager.max_pfn} of a 48-bit GPU VA space. */
    static final long MAX_PFN = 1L << 36;

    private final IntervalTree<KfdMemAttachment> va = new IntervalTree<>();

    /**
     * {@code amdgpu_vm_bo_map}: {@code -EINVAL} for an unaligned, empty, overflowing or out-of-range VA, or one that
     * overlaps another mapping; else the attachment's range ({@code mem.boSize} bytes at its VA) is mapped.
     */
    int map(KfdMemAttachment a) {
        long size = a.mem.boSize;
        if ((a.va & 0xFFF) != 0 || (size & 0xFFF) != 0 || size == 0) return Errno.EINVAL.ret();
        long end = a.va + size;
        if (Long.compareUnsigned(end, a.va) <= 0) return Errno.EINVAL.ret();
        if (a.last() >= MAX_PFN) return Errno.EINVAL.ret();
        if (va.anyOverlapping(a.start(), a.last())) return Errno.EINVAL.ret();
        va.insert(a);
        return 0;
    }

    /** {@code amdgpu_vm_bo_unmap} of a mapped attachment. */
    void unmap(KfdMemAttachment a) {
        va.remove(a);
    }

    /** Whether any mapping overlaps GPU pages {@code [firstPfn, lastPfn]}. */
    boolean anyMappingOverlaps(long firstPfn, long lastPfn) {
        return va.anyOverlapping(firstPfn, lastPfn);
    }

    /** The mapped attachments in VA order. */
    IntervalTree<KfdMemAttachment> mappings() {
        return va;
    }
}
