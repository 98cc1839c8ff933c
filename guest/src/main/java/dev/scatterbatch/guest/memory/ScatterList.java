package dev.scatterbatch.guest.memory;

import dev.scatterbatch.model.config.ByteSizes;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;

/**
 * The guest-physical runs that back one guest buffer, in buffer order: what the guest kernel pins and sends to
 * the host as the scatter-gather list of a virtio-gpu userptr blob. Run {@code i + 1} never starts where run
 * {@code i} ends (two such runs would be one host VA range), so {@link #runCount()} is the number of host VA
 * ranges the VMM sees. Stored as two arrays, so a list of 4000+ runs stays small.
 */
public final class ScatterList {

    private final long[] gpas;
    private final long[] lengths;
    private final boolean hugePages;
    private final long totalBytes;

    /**
     * A scatter list of {@code runs} in buffer order.
     *
     * @param hugePages whether the runs are backed by 2 MiB pages (then every run is 2 MiB aligned and a whole
     *                  number of 2 MiB pages)
     * @throws IllegalArgumentException when there is no run, two consecutive runs are contiguous, or huge-page
     *                                  runs are not 2 MiB aligned
     */
    public ScatterList(List<GuestPhysicalRun> runs, boolean hugePages) {
        this(runs.stream().mapToLong(GuestPhysicalRun::gpa).toArray(), runs.stream().mapToLong(GuestPhysicalRun::bytes).toArray(),
                hugePages);
    }

    /**
     * The runs {@code (gpas[i], lengths[i])}, which are valid {@link GuestPhysicalRun}s: the allocator's way, with no
     * object per run. The arrays are taken over, not copied.
     */
    ScatterList(long[] gpas, long[] lengths, boolean hugePages) {
        if (gpas.length == 0) throw new IllegalArgumentException("a scatter list needs at least one run");
        this.gpas = gpas;
        this.lengths = lengths;
        this.hugePages = hugePages;
        long total = 0;
        for (int i = 0; i < gpas.length; i++) {
            if (hugePages && (gpas[i] % ByteSizes.HUGE_PAGE != 0 || lengths[i] % ByteSizes.HUGE_PAGE != 0)) {
                throw new IllegalArgumentException("run " + i + " " + run(i) + " is not 2 MiB aligned although the buffer is backed by 2 MiB pages");
            }
            if (i > 0 && end(i - 1) == gpas[i]) {
                throw new IllegalArgumentException("runs " + (i - 1) + " and " + i + " are contiguous in guest-physical space: they are one run");
            }
            total = Math.addExact(total, lengths[i]);
        }
        this.totalBytes = total;
    }

    /** Number of runs: the host VA ranges this buffer becomes. */
    public int runCount() {
        return gpas.length;
    }

    /** Run {@code i} in buffer order. */
    public GuestPhysicalRun run(int i) {
        return new GuestPhysicalRun(gpas[i], lengths[i]);
    }

    /** The guest-physical address of run {@code i} (without making a {@link GuestPhysicalRun}). */
    public long gpa(int i) {
        return gpas[i];
    }

    /** The length of run {@code i}. */
    public long bytes(int i) {
        return lengths[i];
    }

    /** The runs' addresses in buffer order, for the allocator to read (not to change). */
    long[] gpaArray() {
        return gpas;
    }

    /** The runs' lengths in buffer order, for the allocator to read (not to change). */
    long[] lengthArray() {
        return lengths;
    }

    /** The first address after run {@code i}. */
    public long end(int i) {
        return gpas[i] + lengths[i];
    }

    /** The runs in buffer order (an unmodifiable view). */
    public List<GuestPhysicalRun> runs() {
        return new AbstractList<>() {
            @Override
            public GuestPhysicalRun get(int index) {
                return run(index);
            }

            @Override
            public int size() {
                return gpas.length;
            }
        };
    }

    /** The buffer's size: the sum of the run lengths. */
    public long totalBytes() {
        return totalBytes;
    }

    /** The buffer's size in 4 KiB pages (the unit the per-page cost counts). */
    public long pages() {
        return totalBytes / ByteSizes.PAGE;
    }

    /** Whether the buffer is backed by 2 MiB pages (hugetlbfs in the guest). */
    public boolean hugePages() {
        return hugePages;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScatterList s && hugePages == s.hugePages
                && Arrays.equals(gpas, s.gpas) && Arrays.equals(lengths, s.lengths);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(gpas) + Arrays.hashCode(lengths)) + Boolean.hashCode(hugePages);
    }

    @Override
    public String toString() {
        return "ScatterList[" + runCount() + " runs, " + ByteSizes.format(totalBytes) + (hugePages ? ", 2 MiB pages]" : "]");
    }
}
