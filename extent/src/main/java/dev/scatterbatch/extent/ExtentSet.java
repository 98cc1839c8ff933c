package dev.scatterbatch.extent;

import java.util.ArrayList;
import java.util.List;

import static dev.scatterbatch.extent.LongPairSet.NONE;

/**
 * Disjoint, maximal (coalesced) extents {@code [start, end)} of a non-negative address space, in address order: an
 * allocator's free memory (or the ranges it handed out), in whatever unit it counts (bytes, pages). Memory is tracked
 * as extents, never per unit, so a 14 GiB buffer costs a handful of tree operations.
 *
 * <p>The allocation policies of the model's allocators are look-ups on this one structure: the guest's page
 * allocator takes the {@linkplain #longest() longest} extent when nothing else fits, the VMM reserves address space
 * {@linkplain #takeFirstFit first fit}, KFD's mmap-offset space ({@code drm_vma_offset_manager}) allocates
 * {@linkplain #takeBestFit best fit}. Which of these a set answers is fixed when it is made ({@link Index}), so a set
 * that only needs address order pays for no other index.
 */
public final class ExtentSet {

    /** The orders a set keeps beyond address order, and so the look-ups it answers. */
    public enum Index {
        /** Address order only: membership, neighbours and totals. */
        ADDRESS,
        /** Address order, each subtree knowing its longest extent: {@link #longest()} and {@link #takeFirstFit}. */
        LONGEST,
        /** Address order and a second order by {@code (length, start)}: {@link #takeBestFit}. */
        BY_LENGTH
    }

    /** One extent {@code [start, end)}. */
    public record Extent(long start, long end) {
        /** Its length, {@code end - start}. */
        public long length() {
            return end - start;
        }
    }

    /** The extents as {@code (start, end)}: starts are distinct, so this orders them by address. */
    private final LongPairSet byStart;
    /** With {@link Index#BY_LENGTH}, the extents as {@code (length, start)}; else null. */
    private final LongPairSet byLength;
    private long totalLength;

    /** An empty set answering the look-ups of {@code index}. */
    public ExtentSet(Index index) {
        byStart = new LongPairSet(index == Index.LONGEST);
        byLength = index == Index.BY_LENGTH ? new LongPairSet() : null;
    }

    /**
     * Adds {@code [start, end)}, merging it with touching neighbours.
     *
     * @throws IllegalArgumentException when the extent is empty or starts below 0
     * @throws IllegalStateException    when it overlaps the set; the set is unchanged then
     */
    public void add(long start, long end) {
        if (start < 0 || end <= start) throw new IllegalArgumentException("not a non-empty extent at or above 0: " + hex(start, end));
        // the last extent starting below the end: if it does not overlap, it is the one just below
        int below = byStart.lower(end, Long.MIN_VALUE);
        if (below != NONE && byStart.second(below) > start) {
            throw new IllegalStateException("extent overlaps the set: " + hex(start, end));
        }
        int above = startingAt(end);
        if (below != NONE && byStart.second(below) == start) {
            // grow the extent below over this one (and the one above): extents keep their address order
            long e = above == NONE ? end : byStart.second(above);
            resize(below, byStart.first(below), e, NONE);
            if (above != NONE) drop(end, e);
        } else if (above != NONE) {
            resize(above, start, byStart.second(above), NONE);
        } else {
            put(start, end);
        }
        totalLength += end - start;
    }

    /**
     * Removes {@code [start, end)}, which must lie inside one extent.
     *
     * @throws IllegalStateException when it does not; the set is unchanged then
     */
    public void remove(long start, long end) {
        int within = containingNode(start);
        if (within == NONE || end > byStart.second(within) || end <= start) {
            throw new IllegalStateException("not inside one extent: " + hex(start, end));
        }
        carve(within, start, end, NONE);
    }

    /**
     * Moves whatever part of {@code [start, end)} is in this set to {@code target} (null: nowhere); returns the length
     * moved.
     *
     * @throws IllegalStateException when {@code target} already holds part of {@code [start, end)}; nothing moves then
     */
    public long removeOverlap(long start, long end, ExtentSet target) {
        if (target != null && target.overlaps(start, end)) {
            throw new IllegalStateException("the target already holds part of " + hex(start, end));
        }
        long removed = 0;
        for (int n = atOrAfterNode(start); n != NONE && byStart.first(n) < end; ) {
            long s = Math.max(byStart.first(n), start);
            long t = Math.min(byStart.second(n), end);
            carve(n, s, t, NONE);
            if (target != null) target.add(s, t);
            removed += t - s;
            n = atOrAfterNode(t);
        }
        return removed;
    }

    /**
     * Takes {@code length} from the start of the lowest-addressed extent that holds it (first fit).
     *
     * @return the start of what was taken, or -1 when no extent is long enough (the set is unchanged then)
     * @throws IllegalArgumentException when {@code length} is not positive
     * @throws IllegalStateException    unless the set was made with {@link Index#LONGEST}
     */
    public long takeFirstFit(long length) {
        requirePositive(length);
        return takeFrom(byStart.firstOfWidthAtLeast(length), length);
    }

    /**
     * Takes {@code length} from the start of the shortest extent that holds it, the lowest-addressed among equally
     * long ones (best fit, as {@code drm_mm}'s {@code DRM_MM_INSERT_BEST}).
     *
     * @return the start of what was taken, or -1 when no extent is long enough (the set is unchanged then)
     * @throws IllegalArgumentException when {@code length} is not positive
     * @throws IllegalStateException    unless the set was made with {@link Index#BY_LENGTH}
     */
    public long takeBestFit(long length) {
        requirePositive(length);
        if (byLength == null) throw new IllegalStateException("this set keeps no order by length");
        int fit = byLength.ceiling(length, Long.MIN_VALUE);
        if (fit == NONE) return -1;
        long start = byLength.second(fit);
        // the length order's node is the one a shrinking extent rewrites: no second look-up for it
        carve(startingAt(start), start, start + length, fit);
        return start;
    }

    /**
     * The lowest-addressed extent at least {@code length} long, or null (what {@link #takeFirstFit} takes from).
     *
     * @throws IllegalStateException unless the set was made with {@link Index#LONGEST}
     */
    public Extent firstFit(long length) {
        return extent(byStart.firstOfWidthAtLeast(length));
    }

    /**
     * The lowest-addressed extent at least {@code length} long that starts above {@code address}, or null.
     *
     * @throws IllegalStateException unless the set was made with {@link Index#LONGEST}
     */
    public Extent firstFitAbove(long address, long length) {
        return extent(byStart.higherOfWidthAtLeast(address, Long.MAX_VALUE, length));
    }

    /** The extent holding {@code address}, or null. */
    public Extent containing(long address) {
        return extent(containingNode(address));
    }

    /** Whether {@code [start, end)} lies inside one extent. */
    public boolean covers(long start, long end) {
        int n = containingNode(start);
        return n != NONE && end <= byStart.second(n);
    }

    /** Whether {@code [start, end)} shares an address with the set. */
    public boolean overlaps(long start, long end) {
        int below = byStart.lower(end, Long.MIN_VALUE);
        return below != NONE && byStart.second(below) > start;
    }

    /**
     * The longest extent (the highest-addressed among equally long ones), or null when the set is empty.
     *
     * @throws IllegalStateException unless the set was made with {@link Index#LONGEST}
     */
    public Extent longest() {
        return extent(byStart.widest());
    }

    /** The extent holding {@code address} or, when it is not in the set, the first one above it; null when none. */
    public Extent atOrAfter(long address) {
        return extent(atOrAfterNode(address));
    }

    /** Every extent in address order. */
    public List<Extent> toList() {
        List<Extent> list = new ArrayList<>(byStart.size());
        byStart.forEach((s, e) -> list.add(new Extent(s, e)));
        return list;
    }

    /** The summed length of the extents. */
    public long totalLength() {
        return totalLength;
    }

    /** Number of extents. */
    public int count() {
        return byStart.size();
    }

    /** Takes {@code length} from the start of the extent at address-order node {@code n}; -1 when {@code n} is none. */
    private long takeFrom(int n, long length) {
        if (n == NONE) return -1;
        long start = byStart.first(n);
        carve(n, start, start + length, NONE);
        return start;
    }

    /**
     * Removes {@code [start, end)} from the extent at node {@code n}, which holds it, keeping what is left either side:
     * a cut at either end only shrinks the extent in place; a cut in the middle keeps the longer rest in place, so the
     * longest extent of the subtrees above it changes least. {@code lengthNode} is the extent's node in the length
     * order when the caller has it, else {@link #NONE}.
     */
    private void carve(int n, long start, long end, int lengthNode) {
        long s = byStart.first(n);
        long e = byStart.second(n);
        if (s < start && end < e && start - s < e - end) {
            resize(n, end, e, lengthNode);
            put(s, start);
        } else if (s < start) {
            resize(n, s, start, lengthNode);
            if (end < e) put(end, e);
        } else if (end < e) {
            resize(n, end, e, lengthNode);
        } else {
            drop(s, e);
        }
        totalLength -= end - start;
    }

    /**
     * Makes the extent at node {@code n} {@code [start, end)}, which lies between the same neighbours; its node in
     * the length order is {@code lengthNode}, or is looked up when that is {@link #NONE}.
     */
    private void resize(int n, long start, long end, int lengthNode) {
        if (byLength != null) {
            long oldLength = byStart.second(n) - byStart.first(n);
            long oldStart = byStart.first(n);
            int node = lengthNode != NONE ? lengthNode : byLength.ceiling(oldLength, oldStart);
            // in place too when the new length keeps the extent's rank among the lengths (the longest stays longest)
            if (!byLength.tryReplace(node, end - start, start)) {
                byLength.remove(oldLength, oldStart);
                byLength.add(end - start, start);
            }
        }
        byStart.replace(n, start, end);
    }

    private void put(long start, long end) {
        byStart.add(start, end);
        if (byLength != null) byLength.add(end - start, start);
    }

    private void drop(long start, long end) {
        byStart.remove(start, end);
        if (byLength != null) byLength.remove(end - start, start);
    }

    private Extent extent(int n) {
        return n == NONE ? null : new Extent(byStart.first(n), byStart.second(n));
    }

    private int containingNode(long address) {
        int n = byStart.floor(address, Long.MAX_VALUE);
        return n != NONE && byStart.second(n) > address ? n : NONE;
    }

    private int atOrAfterNode(long address) {
        int holding = containingNode(address);
        return holding != NONE ? holding : byStart.higher(address, Long.MAX_VALUE);
    }

    private int startingAt(long address) {
        int n = byStart.ceiling(address, Long.MIN_VALUE);
        return n != NONE && byStart.first(n) == address ? n : NONE;
    }

    private static void requirePositive(long length) {
        if (length <= 0) throw new IllegalArgumentException("length " + length + " is not positive");
    }

    private static String hex(long start, long end) {
        return "[0x" + Long.toHexString(start) + ", 0x" + Long.toHexString(end) + ")";
    }
}
