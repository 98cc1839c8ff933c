package dev.scatterbatch.host.kfd;

/**
 * One CPU range of a userptr BO.
 *
 * @param start        CPU virtual address
 * @param size         bytes
 * @param gpuVa        the GPU virtual address it backs ({@code va} plus the sizes of the ranges before it)
 * @param invalid      invalidations since its pages were last fetched
 * @param pagesPresent whether the BO's page array holds its pages
 */
public record UserRangeState(long start, long size, long gpuVa, int invalid, boolean pagesPresent) {
}
