package dev.scatterbatch.host.kfd;

import dev.scatterbatch.model.collect.LongPairSet;

import static dev.scatterbatch.model.collect.LongPairSet.NONE;

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

    /** The holes as {@code (start, pages)}. */
    private final LongPairSet holesByStart = new LongPairSet();
    /** The holes as {@code (pages, start)}: the best fit is the first at or above {@code (pages, MIN)}. */
    private final LongPairSet holesBySize = new LongPairSet();
    /** The allocated ranges as {@code (start, pages)}. */
    private final LongPairSet allocated = new LongPairSet();

    DrmVmaOffsetManager() {
        addHole(START_PAGE, SIZE_PAGES);
    }

    /** Offsets of {@code pages} pages: the byte offset, or -1 when no hole fits ({@code -ENOSPC}). */
    long allocate(long pages) {
        if (pages <= 0) return -1;
        int hole = holesBySize.ceiling(pages, Long.MIN_VALUE);
        if (hole == NONE) return -1;
        long start = holesBySize.second(hole);
        long size = holesBySize.first(hole);
        removeHole(start, size);
        if (size > pages) addHole(start + pages, size - pages);
        allocated.add(start, pages);
        return start << 12;
    }

    /** Returns the range starting at byte offset {@code offset}. */
    void free(long offset) {
        long start = offset >>> 12;
        int range = startingAt(allocated, start);
        if (range == NONE) throw new IllegalArgumentException("mmap offset 0x" + Long.toHexString(offset) + " is not allocated");
        long pages = allocated.second(range);
        allocated.remove(start, pages);
        long s = start;
        long size = pages;
        int before = holesByStart.floor(s, Long.MAX_VALUE);
        if (before != NONE && holesByStart.first(before) + holesByStart.second(before) == s) {
            long beforeStart = holesByStart.first(before);
            long beforeSize = holesByStart.second(before);
            removeHole(beforeStart, beforeSize);
            s = beforeStart;
            size += beforeSize;
        }
        int after = startingAt(holesByStart, start + pages);
        if (after != NONE) {
            long afterSize = holesByStart.second(after);
            removeHole(start + pages, afterSize);
            size += afterSize;
        }
        addHole(s, size);
    }

    /** Number of live offset ranges. */
    int allocatedCount() {
        return allocated.size();
    }

    /** The node of {@code set} whose first component is {@code start}, or {@link LongPairSet#NONE}. */
    private static int startingAt(LongPairSet set, long start) {
        int n = set.ceiling(start, Long.MIN_VALUE);
        return n != NONE && set.first(n) == start ? n : NONE;
    }

    private void addHole(long start, long size) {
        holesByStart.add(start, size);
        holesBySize.add(size, start);
    }

    private void removeHole(long start, long size) {
        holesByStart.remove(start, size);
        holesBySize.remove(size, start);
    }
}
