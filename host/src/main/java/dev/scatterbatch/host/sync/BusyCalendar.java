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
 * and never moves them otherwise.
 */
public final class BusyCalendar {

    /** Intervals this far before the latest request are forgotten: no request arrives that late. */
    private static final long HORIZON_NS = 1_000_000_000L;

    /**
     * Busy intervals, the {@code i}-th oldest {@code [starts[(head + i) & mask], ends[(head + i) & mask])} for i in
     * {@code [0, count)}: sorted, disjoint, touching ones merged. The capacity is a power of two.
     */
    private long[] starts = new long[16];
    private long[] ends = new long[16];
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
        return starts[(head + i) & mask];
    }

    private long end(int i) {
        return ends[(head + i) & mask];
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
            ends[(head + prev) & mask] = end(next);
            moveDown(next);
            count--;
        } else if (joinsPrev) {
            ends[(head + prev) & mask] = stop;
        } else if (joinsNext) {
            starts[(head + next) & mask] = start;
        } else {
            if (count == starts.length) grow();
            // a hold before the last moves the later ones up by one (most requests append)
            moveUp(next);
            starts[(head + next) & mask] = start;
            ends[(head + next) & mask] = stop;
            count++;
        }
        if (touchesFirst) firstEnd = end(0);
    }

    /** Moves the intervals from index {@code from} on up by one, into the free slot after the last. */
    private void moveUp(int from) {
        int lo = (head + from) & mask;
        int hi = (head + count) & mask;
        if (lo <= hi) {
            // no wrap between them: one copy per ring
            System.arraycopy(starts, lo, starts, lo + 1, hi - lo);
            System.arraycopy(ends, lo, ends, lo + 1, hi - lo);
            return;
        }
        for (int i = count; i > from; i--) {
            starts[(head + i) & mask] = start(i - 1);
            ends[(head + i) & mask] = end(i - 1);
        }
    }

    /** Moves the intervals after index {@code to} down by one, over it. */
    private void moveDown(int to) {
        int lo = (head + to) & mask;
        int hi = (head + count - 1) & mask;
        if (lo <= hi) {
            System.arraycopy(starts, lo + 1, starts, lo, hi - lo);
            System.arraycopy(ends, lo + 1, ends, lo, hi - lo);
            return;
        }
        for (int i = to; i < count - 1; i++) {
            starts[(head + i) & mask] = start(i + 1);
            ends[(head + i) & mask] = end(i + 1);
        }
    }

    /** Doubles the rings, the oldest interval first. */
    private void grow() {
        long[] s = new long[starts.length * 2];
        long[] e = new long[ends.length * 2];
        for (int i = 0; i < count; i++) {
            s[i] = start(i);
            e[i] = end(i);
        }
        starts = s;
        ends = e;
        mask = s.length - 1;
        head = 0;
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
