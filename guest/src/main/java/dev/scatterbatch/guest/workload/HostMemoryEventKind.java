package dev.scatterbatch.guest.workload;

import dev.scatterbatch.model.config.ByteSizes;


/**
 * Host memory-management events that invalidate the MMU notifiers over guest RAM: each one touches
 * {@link #defaultBytes()} of the VMM's address space unless the workload says otherwise.
 */
public enum HostMemoryEventKind {
    /** Reclaim swaps a page of guest RAM out. */
    SWAP_OUT("swapOut", ByteSizes.PAGE),
    /** A page migrates: NUMA balancing or compaction. */
    MIGRATION("migration", ByteSizes.PAGE),
    /** A transparent huge page backing guest RAM is split. */
    THP_SPLIT("thpSplit", ByteSizes.HUGE_PAGE),
    /** KSM merges a page with an identical one. */
    KSM_MERGE("ksmMerge", ByteSizes.PAGE),
    /** The VMM unmaps part of guest RAM (balloon, memory hot-unplug, remapping). */
    MUNMAP("munmap", ByteSizes.HUGE_PAGE);

    private final String key;
    private final long defaultBytes;

    HostMemoryEventKind(String key, long defaultBytes) {
        this.key = key;
        this.defaultBytes = defaultBytes;
    }

    /** The name in workload files ({@code hostMemoryEvents.<key>}). */
    public String key() {
        return key;
    }

    /** Memory one event touches unless the workload sets {@code size}. */
    public long defaultBytes() {
        return defaultBytes;
    }
}
