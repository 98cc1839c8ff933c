package dev.scatterbatch.host.hypervisor;

import java.util.Map;
import java.util.TreeMap;

/**
 * First-fit allocation of aligned virtual address ranges from a window, tracked as free extents: how the VMM
 * (or libhsakmt) reserves GPU VA for a buffer, or CPU VA to stitch ranges into.
 */
final class AddressSpaceAllocator {

    private final TreeMap<Long, Long> free = new TreeMap<>();
    private final long alignment;

    AddressSpaceAllocator(long base, long size, long alignment) {
        if (Long.bitCount(alignment) != 1) throw new IllegalArgumentException("alignment must be a power of two");
        this.alignment = alignment;
        free.put(base, size);
    }

    /** Reserves {@code size} bytes; returns the start address, or -1 when the window is full. */
    long reserve(long size) {
        long need = align(size);
        for (Map.Entry<Long, Long> e : free.entrySet()) {
            if (e.getValue() >= need) {
                long start = e.getKey();
                free.remove(start);
                if (e.getValue() > need) free.put(start + need, e.getValue() - need);
                return start;
            }
        }
        return -1;
    }

    /** Returns a reservation made by {@link #reserve}, merging it with free neighbours. */
    void release(long start, long size) {
        long end = start + align(size);
        Map.Entry<Long, Long> after = free.ceilingEntry(start);
        if (after != null && after.getKey() == end) {
            end += after.getValue();
            free.remove(after.getKey());
        }
        Map.Entry<Long, Long> before = free.lowerEntry(start);
        if (before != null && before.getKey() + before.getValue() == start) {
            start = before.getKey();
            free.remove(start);
        }
        free.put(start, end - start);
    }

    private long align(long size) {
        return (size + alignment - 1) & -alignment;
    }
}
