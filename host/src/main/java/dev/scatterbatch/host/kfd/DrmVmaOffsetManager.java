package dev.scatterbatch.host.kfd;

import dev.scatterbatch.extent.ExtentSet;

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

    /** The holes, in pages. */
    private final ExtentSet holes = new ExtentSet(ExtentSet.Index.BY_LENGTH);
    /**
     * Live offset ranges. Their sizes are not kept here: the BO that holds a range knows it (as a GEM object knows its
     * {@code vma_node}), so a free costs one change of the hole set and no lookup.
     */
    private int allocated;

    DrmVmaOffsetManager() {
        holes.add(START_PAGE, START_PAGE + SIZE_PAGES);
    }

    /** Offsets of {@code pages} pages: the byte offset, or -1 when no hole fits ({@code -ENOSPC}). */
    long allocate(long pages) {
        if (pages <= 0) return -1;
        long start = holes.takeBestFit(pages);
        if (start < 0) return -1;
        allocated++;
        return start << 12;
    }

    /**
     * Returns the {@code pages} pages {@link #allocate} gave at byte offset {@code offset}.
     *
     * @throws IllegalStateException when any of them is free already (a double free)
     */
    void free(long offset, long pages) {
        long start = offset >>> 12;
        holes.add(start, start + pages);
        allocated--;
    }

    /** Number of live offset ranges. */
    int allocatedCount() {
        return allocated;
    }
}
