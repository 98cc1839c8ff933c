package dev.scatterbatch.host.pressure;

import java.util.Arrays;

/**
 * Address extents laid end to end, in the order they were added: their total size, and the address of the
 * {@code offset}-th byte of the concatenation. A {@link MemoryTarget} draws an event's place as such an offset, at
 * up to thousands of events per simulated second over thousands of userptr ranges, so the total is kept and the
 * extent holding an offset is found by binary search over the running sums rather than by a walk.
 */
public final class Extents {

    private final long[] starts;
    /** {@code ends[i]}: the bytes of extents 0..i together; the running sum the search runs over. */
    private final long[] ends;

    private Extents(long[] starts, long[] ends) {
        this.starts = starts;
        this.ends = ends;
    }

    /** The bytes of all extents together. */
    public long bytes() {
        return ends.length == 0 ? 0 : ends[ends.length - 1];
    }

    /** The address of the {@code offset}-th byte of the extents laid end to end, or -1 beyond them (or for a negative offset). */
    public long address(long offset) {
        if (offset < 0 || offset >= bytes()) return -1;
        // the first extent whose running end lies beyond offset
        int i = Arrays.binarySearch(ends, offset);
        i = i >= 0 ? i + 1 : -i - 1;
        long before = i == 0 ? 0 : ends[i - 1];
        return starts[i] + (offset - before);
    }

    /** Collects extents in order; empty extents are skipped (they hold no byte). */
    public static final class Builder {
        private long[] starts = new long[16];
        private long[] ends = new long[16];
        private int count;

        /** Appends {@code [start, start + length)}. */
        public Builder add(long start, long length) {
            if (length < 0) throw new IllegalArgumentException("extent length " + length + " is negative");
            if (length == 0) return this;
            if (count == starts.length) {
                starts = Arrays.copyOf(starts, count * 2);
                ends = Arrays.copyOf(ends, count * 2);
            }
            starts[count] = start;
            ends[count] = (count == 0 ? 0 : ends[count - 1]) + length;
            count++;
            return this;
        }

        /** The extents added so far. */
        public Extents build() {
            return new Extents(Arrays.copyOf(starts, count), Arrays.copyOf(ends, count));
        }
    }
}
