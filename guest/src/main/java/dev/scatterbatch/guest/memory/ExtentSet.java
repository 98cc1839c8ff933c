package dev.scatterbatch.guest.memory;

import dev.scatterbatch.model.collect.LongPairSet;

import java.util.ArrayList;
import java.util.List;

import static dev.scatterbatch.model.collect.LongPairSet.NONE;

/**
 * Disjoint, maximal (coalesced) extents {@code [start, end)} in address order, optionally knowing the longest.
 * Memory is tracked as extents, never per page, so a 14 GiB buffer costs a handful of tree operations.
 */
final class ExtentSet {

    /** One extent {@code [start, end)}. */
    record Extent(long start, long end) {
        long bytes() {
            return end - start;
        }
    }

    /** The extents as {@code (start, end)}: starts are distinct, so this orders them by address. */
    private final LongPairSet byStart;
    private long bytes;

    /** An empty set; {@code trackLongest} keeps what {@link #longest} needs. */
    ExtentSet(boolean trackLongest) {
        byStart = new LongPairSet(trackLongest);
    }

    /** Adds {@code [start, end)}, merging it with touching neighbours; it must not overlap the set. */
    void add(long start, long end) {
        if (overlaps(start, end)) throw new IllegalStateException("extent overlaps the set: " + hex(start, end));
        long s = start;
        long e = end;
        int below = byStart.floor(start, Long.MAX_VALUE);
        if (below != NONE && byStart.second(below) == start) {
            s = byStart.first(below);
            byStart.remove(s, start);
        }
        int above = startingAt(end);
        if (above != NONE) {
            e = byStart.second(above);
            byStart.remove(end, e);
        }
        byStart.add(s, e);
        bytes += end - start;
    }

    /** Removes {@code [start, end)}, which must lie inside one extent. */
    void remove(long start, long end) {
        int within = containingNode(start);
        if (within == NONE || end > byStart.second(within)) throw new IllegalStateException("not inside one extent: " + hex(start, end));
        long s = byStart.first(within);
        long e = byStart.second(within);
        byStart.remove(s, e);
        if (s < start) byStart.add(s, start);
        if (end < e) byStart.add(end, e);
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
        int n = containingNode(address);
        return n == NONE ? null : new Extent(byStart.first(n), byStart.second(n));
    }

    /** Whether {@code [start, end)} lies inside one extent. */
    boolean covers(long start, long end) {
        int n = containingNode(start);
        return n != NONE && end <= byStart.second(n);
    }

    /** Whether {@code [start, end)} shares a byte with the set. */
    boolean overlaps(long start, long end) {
        int below = byStart.lower(end, Long.MIN_VALUE);
        return below != NONE && byStart.second(below) > start;
    }

    /** The longest extent (the highest-addressed among equals), or null when the set is empty. */
    Extent longest() {
        int n = byStart.widest();
        return n == NONE ? null : new Extent(byStart.first(n), byStart.second(n));
    }

    /** The extent holding {@code address} or, when it is not free, the first one above it; null when none. */
    Extent atOrAfter(long address) {
        Extent holding = containing(address);
        if (holding != null) return holding;
        int n = byStart.higher(address, Long.MAX_VALUE);
        return n == NONE ? null : new Extent(byStart.first(n), byStart.second(n));
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

    private int containingNode(long address) {
        int n = byStart.floor(address, Long.MAX_VALUE);
        return n != NONE && byStart.second(n) > address ? n : NONE;
    }

    private int startingAt(long address) {
        int n = byStart.ceiling(address, Long.MIN_VALUE);
        return n != NONE && byStart.first(n) == address ? n : NONE;
    }

    static String hex(long start, long end) {
        return "[0x" + Long.toHexString(start) + ", 0x" + Long.toHexString(end) + ")";
    }
}
