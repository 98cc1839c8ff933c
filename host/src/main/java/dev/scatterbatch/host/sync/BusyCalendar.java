package dev.scatterbatch.host.sync;

import java.util.Arrays;

/**
 * When one exclusive resource (a mutex, a device queue, a CPU) is held, on the virtual clock. A holder asks for
 * the resource at a time for a duration and gets the earliest start at or after that time where it is free for
 * the whole duration. Requests may arrive out of virtual-time order (the hypervisor runs one guest's request to
 * its end before the next guest's, which may have started earlier), so holds are kept as intervals and a later
 * request fills a gap an earlier one left, instead of queueing behind everything booked so far.
 *
 * <p>Almost every request lands at or after the last hold, so the intervals are two sorted arrays of primitives:
 * a lookup is a binary search, a hold is usually an append, and forgetting old holds moves the first index.
 */
public final class BusyCalendar {

    /** Intervals this far before the latest request are forgotten: no request arrives that late. */
    private static final long HORIZON_NS = 1_000_000_000L;

    /** Busy intervals {@code [starts[i], ends[i])} for i in {@code [first, end)}: sorted, disjoint, touching ones merged. */
    private long[] starts = new long[16];
    private long[] ends = new long[16];
    private int first;
    private int end;
    private long latestRequestNs;
    /**
     * {@code ends[first]} (or {@code Long.MAX_VALUE} when empty), kept beside the arrays: most requests forget
     * nothing, and reading the oldest hold, a virtual second back in arrays of tens of thousands, missed the cache.
     */
    private long firstEnd = Long.MAX_VALUE;

    /**
     * Holds the resource for {@code holdNs} from the earliest time at or after {@code atNs} where it is free that
     * long; a zero hold only waits for the current holder.
     *
     * @return when the hold starts ({@code atNs} plus the wait)
     */
    public long reserve(long atNs, long holdNs) {
        if (holdNs < 0) throw new IllegalArgumentException("negative hold " + holdNs);
        forgetBefore(atNs);
        long start = earliestFree(atNs, holdNs);
        if (holdNs > 0) insert(start, start + holdNs);
        return start;
    }

    /** The earliest start at or after {@code atNs} free for {@code holdNs}, without holding anything. */
    public long earliestFree(long atNs, long holdNs) {
        long s = atNs;
        int below = floor(atNs);
        if (below >= first && ends[below] > s) s = ends[below];
        // the intervals after `below` start after its end (touching ones are merged), so each is the next to check
        for (int next = below + 1; next < end && starts[next] < s + holdNs; next++) s = ends[next];
        return s;
    }

    /** Number of busy intervals remembered (for tests of the horizon). */
    public int intervals() {
        return end - first;
    }

    /** The index of the last interval starting at or before {@code t}, or {@code first - 1}. */
    private int floor(long t) {
        if (end == first || starts[end - 1] <= t) return end - 1;
        int i = Arrays.binarySearch(starts, first, end, t);
        return i >= 0 ? i : -i - 2;
    }

    private void insert(long start, long stop) {
        int prev = floor(start);
        int next = prev + 1;
        // the first interval changes only when the hold joins it or goes before it (asked before any compaction)
        boolean touchesFirst = prev <= first;
        boolean joinsPrev = prev >= first && ends[prev] == start;
        boolean joinsNext = next < end && starts[next] == stop;
        if (joinsPrev && joinsNext) {
            ends[prev] = ends[next];
            System.arraycopy(starts, next + 1, starts, next, end - next - 1);
            System.arraycopy(ends, next + 1, ends, next, end - next - 1);
            end--;
        } else if (joinsPrev) {
            ends[prev] = stop;
        } else if (joinsNext) {
            starts[next] = start;
        } else {
            next = makeRoomAt(next);
            starts[next] = start;
            ends[next] = stop;
        }
        if (touchesFirst) firstEnd = ends[first];
    }

    /** Opens a slot at index {@code at} (moving the later intervals up); returns the slot's index after any compaction. */
    private int makeRoomAt(int at) {
        if (end == starts.length) {
            int live = end - first;
            if (live * 2 > starts.length) {
                starts = Arrays.copyOf(starts, starts.length * 2);
                ends = Arrays.copyOf(ends, ends.length * 2);
            }
            System.arraycopy(starts, first, starts, 0, live);
            System.arraycopy(ends, first, ends, 0, live);
            at -= first;
            first = 0;
            end = live;
        }
        System.arraycopy(starts, at, starts, at + 1, end - at);
        System.arraycopy(ends, at, ends, at + 1, end - at);
        end++;
        return at;
    }

    private void forgetBefore(long atNs) {
        if (atNs <= latestRequestNs) return;
        latestRequestNs = atNs;
        long horizon = atNs - HORIZON_NS;
        if (firstEnd >= horizon) return;
        while (first < end && ends[first] < horizon) first++;
        firstEnd = first < end ? ends[first] : Long.MAX_VALUE;
    }
}
