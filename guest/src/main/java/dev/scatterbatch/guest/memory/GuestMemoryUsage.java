package dev.scatterbatch.guest.memory;

/**
 * How one region of guest RAM is used. {@code sizeBytes = freeBytes + churnBytes + bufferBytes} always.
 *
 * @param sizeBytes         the region's size
 * @param freeBytes         free memory
 * @param churnBytes        memory still held by the {@link Aging} churn (other users of the guest's RAM)
 * @param bufferBytes       memory of the buffers allocated and not yet freed
 * @param freeExtents       number of free extents (maximal runs of free memory)
 * @param largestFreeBytes  the longest free extent
 */
public record GuestMemoryUsage(long sizeBytes, long freeBytes, long churnBytes, long bufferBytes,
                               int freeExtents, long largestFreeBytes) {
}
