package dev.scatterbatch.guest.workload;

import dev.scatterbatch.guest.memory.Fragmentation;

/**
 * One kind of buffer a workload registers with the GPU.
 *
 * @param name          what the buffer holds (unique within the workload)
 * @param count         buffers of this kind per iteration (or per run, for {@link BufferLifetime#RUN})
 * @param sizeBytes     size of each buffer, a whole number of pages (2 MiB pages when {@code hugePages})
 * @param lifetime      registered per iteration or once per run
 * @param hugePages     whether the guest backs it with 2 MiB pages from its huge-page pool
 * @param fragmentation how the guest's page allocator scatters it, which decides its host VA ranges
 */
public record BufferSpec(String name, int count, long sizeBytes, BufferLifetime lifetime, boolean hugePages,
                         Fragmentation fragmentation) {

    /** Memory all buffers of this kind take at once: {@code count * sizeBytes}. */
    public long totalBytes() {
        return count * sizeBytes;
    }
}
