package dev.scatterbatch.host.sync;

import java.util.Map;
import java.util.TreeMap;

/**
 * When one exclusive resource (a mutex, a device queue, a CPU) is held, on the virtual clock. A holder asks for
 * the resource at a time for a duration and gets the earliest start at or after that time where it is free for
 * the whole duration. Requests may arrive out of virtual-time order (the hypervisor runs one guest's request to
 * its end before the next guest's, which may have started earlier), so holds are kept as intervals and a later
 * request fills a gap an earlier one left, instead of queueing behind everything booked so far.
 */
public final class BusyCalendar {

    /** Intervals this far before the latest request are forgotten: no request arrives that late. */
    private static final long HORIZON_NS = 1_000_000_000L;

    /** Busy intervals by start; disjoint, and touching ones merged. */
    private final TreeMap<Long, Long> busy = new TreeMap<>();
    private long latestRequestNs;

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
        Map.Entry<Long, Long> below = busy.floorEntry(s);
        if (below != null && below.getValue() > s) s = below.getValue();
        while (true) {
            Map.Entry<Long, Long> next = busy.higherEntry(s);
            if (next == null || next.getKey() >= s + holdNs) return s;
            s = next.getValue();
        }
    }

    /** Number of busy intervals remembered (for tests of the horizon). */
    public int intervals() {
        return busy.size();
    }

    private void insert(long start, long end) {
        Map.Entry<Long, Long> prev = busy.floorEntry(start);
        if (prev != null && prev.getValue() == start) {
            start = prev.getKey();
            busy.remove(prev.getKey());
        }
        Long nextEnd = busy.remove(end);
        busy.put(start, nextEnd != null ? nextEnd : end);
    }

    private void forgetBefore(long atNs) {
        if (atNs <= latestRequestNs) return;
        latestRequestNs = atNs;
        long horizon = atNs - HORIZON_NS;
        while (!busy.isEmpty() && busy.firstEntry().getValue() < horizon) busy.pollFirstEntry();
    }
}
