package dev.scatterbatch.guest.memory;

import dev.scatterbatch.model.config.ByteSizes;

/**
 * The allocation churn a guest's page allocator went through before the workload starts: {@code operations}
 * steps, each freeing a random live block (with probability {@code freeProbability}) or allocating a block
 * whose size is log-uniform between {@code minBlockBytes} and {@code maxBlockBytes}, placed best-fit (the
 * smallest free extent that holds it, as the buddy allocator takes the lowest order that fits). The blocks
 * still live afterwards stay allocated (page cache, other processes), and the holes between them are the free
 * extents later buffers are built from.
 *
 * @param operations      allocate or free steps
 * @param minBlockBytes   smallest churn block, a whole number of 4 KiB pages
 * @param maxBlockBytes   largest churn block, at least {@code minBlockBytes}
 * @param freeProbability chance that a step frees rather than allocates, in [0, 1)
 */
public record Aging(long operations, long minBlockBytes, long maxBlockBytes, double freeProbability) {

    /** A guest after moderate churn: 20,000 steps of 4 KiB to 1 MiB blocks, 40% of them frees. */
    public static final Aging DEFAULT = new Aging(20_000, ByteSizes.PAGE, 1L << 20, 0.4);

    /** Checks the values. */
    public Aging {
        if (operations < 0) throw new IllegalArgumentException("operations must not be negative, got " + operations);
        if (minBlockBytes <= 0 || minBlockBytes % ByteSizes.PAGE != 0) {
            throw new IllegalArgumentException("minBlock " + minBlockBytes + " is not a positive whole number of 4 KiB pages");
        }
        if (maxBlockBytes < minBlockBytes || maxBlockBytes % ByteSizes.PAGE != 0) {
            throw new IllegalArgumentException("maxBlock " + maxBlockBytes + " must be a whole number of 4 KiB pages, at least minBlock " + minBlockBytes);
        }
        if (!(freeProbability >= 0 && freeProbability < 1)) {
            throw new IllegalArgumentException("freeProbability must be in [0, 1), got " + freeProbability);
        }
    }
}
