package dev.scatterbatch.guest.memory;

import dev.scatterbatch.model.config.ByteSizes;

import java.util.List;
import java.util.SplittableRandom;

/**
 * How the guest kernel's page allocator scatters a buffer over guest-physical memory, which decides the runs
 * of its {@link ScatterList}. Written in workload files as {@code kind: fixed-runs | run-lengths | aged}.
 */
public sealed interface Fragmentation {

    /** The name of this kind in workload files. */
    String kind();

    /**
     * Every run exactly {@code runPages} 4 KiB pages, one free page (one 2 MiB page in the huge-page pool)
     * between consecutive runs: a synthetic layout that fixes the ranges per buffer, as the calibration
     * workload of the cost model does (R = 500 runs of 8 pages).
     *
     * @param runPages pages per run
     */
    record FixedRuns(long runPages) implements Fragmentation {

        /** The name of this kind in workload files. */
        public static final String KIND = "fixed-runs";

        /** Checks the run length. */
        public FixedRuns {
            if (runPages < 1) throw new IllegalArgumentException("runPages must be at least 1, got " + runPages);
        }

        /** Bytes per run. */
        public long runBytes() {
            return runPages * ByteSizes.PAGE;
        }

        @Override
        public String kind() {
            return KIND;
        }
    }

    /**
     * Run lengths drawn from a weighted distribution (for example 2 MiB, 64 MiB and 1 GiB for model weights);
     * the last run of a buffer is shortened to fit its size.
     *
     * @param runs the lengths and their weights
     */
    record RunLengths(List<RunLength> runs) implements Fragmentation {

        /** The name of this kind in workload files. */
        public static final String KIND = "run-lengths";

        /** Checks there is at least one length. */
        public RunLengths {
            runs = List.copyOf(runs);
            if (runs.isEmpty()) throw new IllegalArgumentException("run-lengths needs at least one run length");
        }

        /** Draws one run length by weight. */
        public long sample(SplittableRandom random) {
            double total = runs.stream().mapToDouble(RunLength::weight).sum();
            double x = random.nextDouble() * total;
            for (RunLength r : runs) {
                x -= r.weight();
                if (x < 0) return r.bytes();
            }
            return runs.getLast().bytes();
        }

        @Override
        public String kind() {
            return KIND;
        }
    }

    /**
     * One length of a {@link RunLengths} distribution.
     *
     * @param bytes  run length, a whole number of 4 KiB pages
     * @param weight relative frequency, positive
     */
    record RunLength(long bytes, double weight) {

        /** Checks length and weight. */
        public RunLength {
            if (bytes <= 0 || bytes % ByteSizes.PAGE != 0) {
                throw new IllegalArgumentException("run length " + bytes + " is not a positive whole number of 4 KiB pages");
            }
            if (!(weight > 0) || Double.isInfinite(weight)) throw new IllegalArgumentException("weight must be positive, got " + weight);
        }
    }

    /**
     * A page allocator aged by allocation churn ({@link Aging}): the buffer takes whole free extents, in
     * address order or at random, until it has its size, so the runs per buffer emerge from the aging.
     *
     * @param aging     the churn that fragmented the region before any buffer was allocated
     * @param placement which free extents the buffer takes
     */
    record Aged(Aging aging, Placement placement) implements Fragmentation {

        /** The name of this kind in workload files. */
        public static final String KIND = "aged";

        @Override
        public String kind() {
            return KIND;
        }
    }

    /** Which free extents an {@link Aged} buffer takes. */
    enum Placement {
        /** The lowest-addressed free extents first, as a first-fit allocator hands them out. */
        FIRST_FIT("first-fit"),
        /** Free extents drawn uniformly at random (each extent equally likely, whatever its size). */
        RANDOM("random");

        private final String label;

        Placement(String label) {
            this.label = label;
        }

        /** The name in workload files. */
        public String label() {
            return label;
        }
    }
}
