package dev.scatterbatch.host.hypervisor;

import dev.scatterbatch.extent.ExtentSet;

/**
 * First-fit allocation of aligned virtual address ranges from a window, tracked as free extents: how the VMM
 * (or libhsakmt) reserves GPU VA for a buffer, or CPU VA to stitch ranges into.
 */
final class AddressSpaceAllocator {

    private final ExtentSet free = new ExtentSet(ExtentSet.Index.LONGEST);
    private final long alignment;

    AddressSpaceAllocator(long base, long size, long alignment) {
        if (Long.bitCount(alignment) != 1) throw new IllegalArgumentException("alignment must be a power of two");
        this.alignment = alignment;
        free.add(base, base + size);
    }

    /** Reserves {@code size} bytes from the lowest free range that holds them; returns the start, or -1 when none does. */
    long reserve(long size) {
        return free.takeFirstFit(align(size));
    }

    /** Returns a reservation made by {@link #reserve}, merging it with free neighbours. */
    void release(long start, long size) {
        free.add(start, start + align(size));
    }

    private long align(long size) {
        return (size + alignment - 1) & -alignment;
    }
}
