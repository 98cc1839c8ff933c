package dev.scatterbatch.model.wire;

/** What a forwarded userptr request asks the host to do with a guest buffer. */
public enum UserptrOp {
    /** Register the buffer's pages with the GPU driver (ALLOC_MEMORY_OF_GPU[_BATCH]). */
    REGISTER,
    /** Map it into the GPU VA space (MAP_MEMORY_TO_GPU). */
    MAP,
    /** Unmap it (UNMAP_MEMORY_FROM_GPU). */
    UNMAP,
    /** Release it (FREE_MEMORY_OF_GPU). */
    FREE
}
