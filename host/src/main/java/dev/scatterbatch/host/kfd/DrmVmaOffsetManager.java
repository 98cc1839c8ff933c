package dev.scatterbatch.host.kfd;

import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The DRM device's fake mmap-offset space ({@code drm_vma_offset_manager}): every BO gets an offset range of its
 * size in pages within [4 GiB, 4 GiB + ~1 TiB). Allocation takes the smallest hole that fits (the lowest such hole
 * on ties), as {@code DRM_MM_INSERT_BEST} does; exhausting the space fails with {@code -ENOSPC}.
 */
final class DrmVmaOffsetManager {

    /** {@code DRM_FILE_PAGE_OFFSET_START} on 64-bit, in pages. */
    static final long START_PAGE = (0xFFFF_FFFFL >>> 12) + 1;
    /** {@code DRM_FILE_PAGE_OFFSET_SIZE} on 64-bit, in pages. */
    static final long SIZE_PAGES = (0xFFFF_FFFFL >>> 12) * 256;

    private final TreeMap<Long, Long> holesByStart = new TreeMap<>();
    private final TreeSet<long[]> holesBySize = new TreeSet<>(
            Comparator.<long[]>comparingLong(h -> h[1]).thenComparingLong(h -> h[0]));
    private final Map<Long, Long> allocated = new TreeMap<>();

    DrmVmaOffsetManager() {
        addHole(START_PAGE, SIZE_PAGES);
    }

    /** Offsets of {@code pages} pages: the byte offset, or -1 when no hole fits ({@code -ENOSPC}). */
    long allocate(long pages) {
        if (pages <= 0) return -1;
        long[] hole = holesBySize.ceiling(new long[]{0, pages});
        if (hole == null) return -1;
        removeHole(hole[0]);
        if (hole[1] > pages) addHole(hole[0] + pages, hole[1] - pages);
        allocated.put(hole[0], pages);
        return hole[0] << 12;
    }

    /** Returns the range starting at byte offset {@code offset}. */
    void free(long offset) {
        long start = offset >>> 12;
        Long pages = allocated.remove(start);
        if (pages == null) throw new IllegalArgumentException("mmap offset 0x" + Long.toHexString(offset) + " is not allocated");
        long s = start;
        long size = pages;
        Map.Entry<Long, Long> before = holesByStart.floorEntry(s);
        if (before != null && before.getKey() + before.getValue() == s) {
            removeHole(before.getKey());
            s = before.getKey();
            size += before.getValue();
        }
        Long after = holesByStart.get(start + pages);
        if (after != null) {
            removeHole(start + pages);
            size += after;
        }
        addHole(s, size);
    }

    /** Number of live offset ranges. */
    int allocatedCount() {
        return allocated.size();
    }

    private void addHole(long start, long size) {
        holesByStart.put(start, size);
        holesBySize.add(new long[]{start, size});
    }

    private void removeHole(long start) {
        long size = holesByStart.remove(start);
        holesBySize.remove(new long[]{start, size});
    }
}
