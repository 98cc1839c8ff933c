package dev.scatterbatch.guest.memory;

import dev.scatterbatch.model.config.ByteSizes;

/**
 * The allocation churn a guest's page allocator went through before the workload starts. The lowest
 * {@code spanBytes} of the region (capped at the region) were filled with blocks whose sizes are log-uniform
 * between {@code minBlockBytes} and {@code maxBlockBytes} (page cache, slabs, other processes), then each block
 * was freed with probability {@code freeFraction} (reclaim, processes exiting). The blocks still held stay
 * allocated; the holes between them, merged where freed blocks touch, are the free extents later buffers are
 * built from. So the runs of a buffer emerge from the churn: about {@code N f (1 - f)} holes of mean length
 * {@code mean block / (1 - f)} for {@code N} blocks.
 *
 * @param spanBytes     how much of the region the churn touched (above it, memory was never used)
 * @param minBlockBytes smallest block, a whole number of 4 KiB pages
 * @param maxBlockBytes largest block, at least {@code minBlockBytes}
 * @param freeFraction  the chance that a block was freed again, in [0, 1]
 */
public record Aging(long spanBytes, long minBlockBytes, long maxBlockBytes, double freeFraction) {

    /**
     * A guest after moderate use: 2 GiB churned in blocks of 4 KiB to 128 KiB, half of them freed again,
     * which leaves about 1 GiB of free holes of some 70 KiB each.
     */
    public static final Aging DEFAULT = new Aging(2L << 30, ByteSizes.PAGE, 128L << 10, 0.5);

    /** Checks the values. */
    public Aging {
        if (spanBytes < 0 || spanBytes % ByteSizes.PAGE != 0) {
            throw new IllegalArgumentException("span " + spanBytes + " is not a whole number of 4 KiB pages");
        }
        if (minBlockBytes <= 0 || minBlockBytes % ByteSizes.PAGE != 0) {
            throw new IllegalArgumentException("minBlock " + minBlockBytes + " is not a positive whole number of 4 KiB pages");
        }
        if (maxBlockBytes < minBlockBytes || maxBlockBytes % ByteSizes.PAGE != 0) {
            throw new IllegalArgumentException("maxBlock " + maxBlockBytes + " must be a whole number of 4 KiB pages, at least minBlock " + minBlockBytes);
        }
        if (!(freeFraction >= 0 && freeFraction <= 1)) {
            throw new IllegalArgumentException("freeFraction must be in [0, 1], got " + freeFraction);
        }
    }
}
