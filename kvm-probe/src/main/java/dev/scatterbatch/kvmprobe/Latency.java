package dev.scatterbatch.kvmprobe;

import java.util.Arrays;

/**
 * The summary of one probed operation's timings: the median and the 99th percentile of its samples, in
 * nanoseconds, and how many samples there were. The median is the middle sample (the mean of the two middle ones
 * for an even count); the p99 is the nearest-rank percentile, an observed sample.
 *
 * @param medianNs  the median sample
 * @param p99Ns     the 99th percentile sample (nearest rank)
 * @param samples   how many samples were summarised
 */
public record Latency(double medianNs, double p99Ns, int samples) {

    /** Checks the summary is internally consistent. */
    public Latency {
        if (samples < 1) throw new IllegalArgumentException("a latency needs at least one sample, got " + samples);
        if (!(medianNs >= 0) || !(p99Ns >= medianNs)) {
            throw new IllegalArgumentException("expected 0 <= median <= p99, got median " + medianNs + " and p99 " + p99Ns);
        }
    }

    /**
     * Summarises samples (ns each, in any order; the array is not changed).
     *
     * @throws IllegalArgumentException when there are none, or one is negative or not a number
     */
    public static Latency of(double... samplesNs) {
        if (samplesNs.length == 0) throw new IllegalArgumentException("no samples to summarise");
        double[] sorted = samplesNs.clone();
        Arrays.sort(sorted);
        if (!(sorted[0] >= 0) || Double.isNaN(sorted[sorted.length - 1]) || Double.isInfinite(sorted[sorted.length - 1])) {
            throw new IllegalArgumentException("samples must be finite and non-negative, got " + sorted[0] + " to " + sorted[sorted.length - 1]);
        }
        return new Latency(median(sorted), nearestRank(sorted, 0.99), sorted.length);
    }

    /** The middle of sorted samples. */
    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The nearest-rank {@code q} quantile of sorted samples: the smallest sample with at least q of them at or below it. */
    static double nearestRank(double[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }
}
