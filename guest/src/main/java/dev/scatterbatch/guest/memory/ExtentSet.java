package dev.scatterbatch.guest.memory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Disjoint, maximal (coalesced) extents {@code [start, end)}, indexed by address and by length. Memory is
 * tracked as extents, never per page, so a 14 GiB buffer costs a handful of map operations.
 */
final class ExtentSet {

    /** One extent {@code [start, end)}. */
    record Extent(long start, long end) {
        long bytes() {
            return end - start;
        }
    }

    private static final Comparator<Extent> BY_LENGTH_THEN_ADDRESS =
            Comparator.comparingLong(Extent::bytes).thenComparingLong(Extent::start);

    private final TreeMap<Long, Long> byStart = new TreeMap<>();
    private final TreeSet<Extent> byLength;
    private long bytes;

    /** An empty set; {@code indexLengths} keeps the index {@link #bestFit} and {@link #longest} need. */
    ExtentSet(boolean indexLengths) {
        byLength = indexLengths ? new TreeSet<>(BY_LENGTH_THEN_ADDRESS) : null;
    }

    /** Adds {@code [start, end)}, merging it with touching neighbours; it must not overlap the set. */
    void add(long start, long end) {
        if (overlaps(start, end)) throw new IllegalStateException("extent overlaps the set: " + hex(start, end));
        long s = start;
        long e = end;
        Map.Entry<Long, Long> below = byStart.floorEntry(start);
        if (below != null && below.getValue() == start) {
            s = below.getKey();
            unlink(below.getKey(), below.getValue());
        }
        Long aboveEnd = byStart.get(end);
        if (aboveEnd != null) {
            e = aboveEnd;
            unlink(end, aboveEnd);
        }
        link(s, e);
        bytes += end - start;
    }

    /** Removes {@code [start, end)}, which must lie inside one extent. */
    void remove(long start, long end) {
        Extent within = containing(start);
        if (within == null || end > within.end()) throw new IllegalStateException("not inside one extent: " + hex(start, end));
        unlink(within.start(), within.end());
        if (within.start() < start) link(within.start(), start);
        if (end < within.end()) link(end, within.end());
        bytes -= end - start;
    }

    /** Removes whatever part of {@code [start, end)} is in the set; returns the bytes removed. */
    long removeOverlap(long start, long end) {
        long removed = 0;
        for (Extent e = atOrAfter(start); e != null && e.start() < end; e = atOrAfter(e.end())) {
            long s = Math.max(e.start(), start);
            long t = Math.min(e.end(), end);
            remove(s, t);
            removed += t - s;
        }
        return removed;
    }

    /** The extent holding {@code address}, or null. */
    Extent containing(long address) {
        Map.Entry<Long, Long> e = byStart.floorEntry(address);
        return e != null && e.getValue() > address ? new Extent(e.getKey(), e.getValue()) : null;
    }

    /** Whether {@code [start, end)} lies inside one extent. */
    boolean covers(long start, long end) {
        Extent e = containing(start);
        return e != null && end <= e.end();
    }

    /** Whether {@code [start, end)} shares a byte with the set. */
    boolean overlaps(long start, long end) {
        Map.Entry<Long, Long> below = byStart.lowerEntry(end);
        return below != null && below.getValue() > start;
    }

    /** The shortest extent of at least {@code length} bytes (the lowest-addressed among equals), or null. */
    Extent bestFit(long length) {
        return byLength.ceiling(new Extent(Long.MIN_VALUE / 2, Long.MIN_VALUE / 2 + length));
    }

    /** The longest extent, or null when the set is empty. */
    Extent longest() {
        return byLength.isEmpty() ? null : byLength.last();
    }

    /** The extent holding {@code address} or, when it is not free, the first one above it; null when none. */
    Extent atOrAfter(long address) {
        Extent holding = containing(address);
        if (holding != null) return holding;
        Map.Entry<Long, Long> e = byStart.higherEntry(address);
        return e == null ? null : new Extent(e.getKey(), e.getValue());
    }

    /** Every extent in address order. */
    List<Extent> toList() {
        List<Extent> list = new ArrayList<>(byStart.size());
        byStart.forEach((s, e) -> list.add(new Extent(s, e)));
        return list;
    }

    /** Total bytes in the set. */
    long bytes() {
        return bytes;
    }

    /** Number of extents. */
    int count() {
        return byStart.size();
    }

    private void link(long start, long end) {
        byStart.put(start, end);
        if (byLength != null) byLength.add(new Extent(start, end));
    }

    private void unlink(long start, long end) {
        byStart.remove(start);
        if (byLength != null) byLength.remove(new Extent(start, end));
    }

    static String hex(long start, long end) {
        return "[0x" + Long.toHexString(start) + ", 0x" + Long.toHexString(end) + ")";
    }
}
