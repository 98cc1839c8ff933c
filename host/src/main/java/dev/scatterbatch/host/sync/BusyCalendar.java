package dev.scatterbatch.host.sync;

/**
 * When one exclusive resource (a mutex, a device queue, a CPU) is held, on the virtual clock. A holder asks for
 * the resource at a time for a duration and gets the earliest start at or after that time where it is free for
 * the whole duration. Requests may arrive out of virtual-time order (the hypervisor runs one guest's request to
 * its end before the next guest's, which may have started earlier), so holds are kept as intervals and a later
 * request fills a gap an earlier one left, instead of queueing behind everything booked so far.
 *
 * <p>Almost every request lands at or after the last hold, and old holds are forgotten from the front, so the
 * intervals are two rings of primitives in time order: a lookup is a binary search, a hold is usually an append, and
 * forgetting moves the head. A ring grows only when it is full of holds still remembered (a virtual second of them),
 * and never moves them otherwise. Past {@value #SEGMENT} holds a ring is made of segments of that many, and grows by
 * adding as many new ones as it has: the holds stay in their segments, so a calendar filling its first virtual second
 * (tens of thousands of holds) allocates what it keeps, not every doubled copy on the way.
 */
public final class BusyCalendar {

    /** Intervals this far before the latest request are forgotten: no request arrives that late. */
    private static final long HORIZON_NS = 1_000_000_000L;

    /** Holds per segment of a segmented ring (a power of two). */
    static final int SEGMENT = 4096;

    /**
     * Busy intervals, the {@code i}-th oldest {@code [start(i), end(i)]} for i in {@code [0, count)}: sorted,
     * disjoint, touching ones merged. Ring position {@code p = (head + i) & mask} is element {@code p & segmentMask}
     * of segment {@code p >>> shift}; the capacity and the segment length are powers of two. A ring is one segment
     * that doubles until it is {@link #SEGMENT} long.
     */
    private long[][] starts = {new long[16]};
    private long[][] ends = {new long[16]};
    private int shift = 4;
    private int segmentMask = 15;
    private int mask = 15;
    private int head;
    private int count;
    private long latestRequestNs;
    /**
     * The oldest interval's end (or {@code Long.MAX_VALUE} when empty), kept beside the rings: most requests forget
     * nothing, and reading the oldest hold, a virtual second back among tens of thousands, missed the cache.
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

    /**
     * {@link #reserve} for a caller that already asked {@link #earliestFree}{@code (atNs, holdNs)} and got
     * {@code startNs} (no hold came in between): the hold is booked without looking for its start again.
     *
     * @return {@code startNs}
     */
    public long reserveAt(long atNs, long startNs, long holdNs) {
        if (holdNs < 0) throw new IllegalArgumentException("negative hold " + holdNs);
        // forgetting drops only holds that ended a virtual second before atNs, which the answer never depended on
        forgetBefore(atNs);
        if (holdNs > 0) insert(startNs, startNs + holdNs);
        return startNs;
    }

    /** The earliest start at or after {@code atNs} free for {@code holdNs}, without holding anything. */
    public long earliestFree(long atNs, long holdNs) {
        long s = atNs;
        int below = floor(atNs);
        if (below >= 0 && end(below) > s) s = end(below);
        // the intervals after `below` start after its end (touching ones are merged), so each is the next to check
        for (int next = below + 1; next < count && start(next) < s + holdNs; next++) s = end(next);
        return s;
    }

    /** Number of busy intervals remembered (for tests of the horizon). */
    public int intervals() {
        return count;
    }

    private long start(int i) {
        int p = (head + i) & mask;
        return starts[p >>> shift][p & segmentMask];
    }

    private long end(int i) {
        int p = (head + i) & mask;
        return ends[p >>> shift][p & segmentMask];
    }

    private void setStart(int i, long t) {
        int p = (head + i) & mask;
        starts[p >>> shift][p & segmentMask] = t;
    }

    private void setEnd(int i, long t) {
        int p = (head + i) & mask;
        ends[p >>> shift][p & segmentMask] = t;
    }

    /** The index (0 the oldest) of the last interval starting at or before {@code t}, or -1. */
    private int floor(long t) {
        if (count == 0 || start(count - 1) <= t) return count - 1;
        int lo = 0;
        int hi = count - 2;
        // the last index with start <= t lies in [-1, count - 2]
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (start(mid) <= t) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    private void insert(long start, long stop) {
        int prev = floor(start);
        int next = prev + 1;
        // the oldest interval changes only when the hold joins it or goes before it
        boolean touchesFirst = prev <= 0;
        boolean joinsPrev = prev >= 0 && end(prev) == start;
        boolean joinsNext = next < count && start(next) == stop;
        if (joinsPrev && joinsNext) {
            setEnd(prev, end(next));
            moveDown(next);
            count--;
        } else if (joinsPrev) {
            setEnd(prev, stop);
        } else if (joinsNext) {
            setStart(next, start);
        } else {
            if (count == mask + 1) grow();
            // a hold before the last moves the later ones up by one (most requests append)
            moveUp(next);
            setStart(next, start);
            setEnd(next, stop);
            count++;
        }
        if (touchesFirst) firstEnd = end(0);
    }

    /** Moves the intervals from index {@code from} on up by one, into the free slot after the last. */
    private void moveUp(int from) {
        int lo = (head + from) & mask;
        int hi = (head + count) & mask;
        if (lo <= hi && lo >>> shift == hi >>> shift) {
            // all in one segment: one copy per ring
            int at = lo & segmentMask;
            System.arraycopy(starts[lo >>> shift], at, starts[lo >>> shift], at + 1, hi - lo);
            System.arraycopy(ends[lo >>> shift], at, ends[lo >>> shift], at + 1, hi - lo);
            return;
        }
        for (int i = count; i > from; i--) {
            setStart(i, start(i - 1));
            setEnd(i, end(i - 1));
        }
    }

    /** Moves the intervals after index {@code to} down by one, over it. */
    private void moveDown(int to) {
        int lo = (head + to) & mask;
        int hi = (head + count - 1) & mask;
        if (lo <= hi && lo >>> shift == hi >>> shift) {
            int at = lo & segmentMask;
            System.arraycopy(starts[lo >>> shift], at + 1, starts[lo >>> shift], at, hi - lo);
            System.arraycopy(ends[lo >>> shift], at + 1, ends[lo >>> shift], at, hi - lo);
            return;
        }
        for (int i = to; i < count - 1; i++) {
            setStart(i, start(i + 1));
            setEnd(i, end(i + 1));
        }
    }

    /**
     * Doubles the full rings. A ring of one segment shorter than {@link #SEGMENT} is copied into one twice as long,
     * the oldest interval first. A segmented ring gets as many new segments as it has, placed where the newest hold
     * meets the oldest: the segments before the head's stay, a new one takes the head's segment's part below the
     * head (the newest holds), the other new ones are the free room, and the head's segment and those after it (the
     * oldest holds) follow them unchanged.
     */
    private void grow() {
        int n = starts.length;
        if (n == 1 && shift < Integer.numberOfTrailingZeros(SEGMENT)) {
            long[] s = new long[2 << shift];
            long[] e = new long[2 << shift];
            for (int i = 0; i < count; i++) {
                s[i] = start(i);
                e[i] = end(i);
            }
            starts[0] = s;
            ends[0] = e;
            head = 0;
            shift++;
            segmentMask = s.length - 1;
        } else {
            int length = segmentMask + 1;
            int k = head >>> shift;
            int below = head & segmentMask;
            long[][] s = new long[2 * n][];
            long[][] e = new long[2 * n][];
            System.arraycopy(starts, 0, s, 0, k);
            System.arraycopy(ends, 0, e, 0, k);
            for (int j = k; j < k + n; j++) {
                s[j] = new long[length];
                e[j] = new long[length];
            }
            System.arraycopy(starts[k], 0, s[k], 0, below);
            System.arraycopy(ends[k], 0, e[k], 0, below);
            System.arraycopy(starts, k, s, k + n, n - k);
            System.arraycopy(ends, k, e, k + n, n - k);
            starts = s;
            ends = e;
            head += n << shift;
        }
        mask = 2 * mask + 1;
    }

    private void forgetBefore(long atNs) {
        if (atNs <= latestRequestNs) return;
        latestRequestNs = atNs;
        long horizon = atNs - HORIZON_NS;
        if (firstEnd >= horizon) return;
        while (count > 0 && end(0) < horizon) {
            head = (head + 1) & mask;
            count--;
        }
        firstEnd = count > 0 ? end(0) : Long.MAX_VALUE;
    }
}
