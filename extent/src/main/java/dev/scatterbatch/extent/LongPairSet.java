package dev.scatterbatch.extent;

import java.util.Arrays;

/**
 * A sorted set of {@code (first, second)} pairs of {@code long}s, ordered by {@code first}, then by {@code second}
 * (signed). It is an AVL tree kept in parallel arrays: no object per pair and no boxing, so the model's extent and
 * hole indexes, which change on every simulated allocation, cost no garbage and no comparator calls.
 *
 * <p>Navigation methods return a node, whose pair {@link #first(int)} and {@link #second(int)} read, or
 * {@link #NONE}. A node stays valid until the set next changes. To look up by {@code first} alone, pass
 * {@link Long#MIN_VALUE} or {@link Long#MAX_VALUE} as {@code second}.
 *
 * <p>A set that {@linkplain #LongPairSet(boolean) tracks widths} also knows its {@linkplain #widest() widest pair}
 * (largest {@code second - first}): for a set of intervals {@code (start, end)}, the longest one, in O(1), without a
 * second index to keep up to date.
 */
public final class LongPairSet {

    /** No node. */
    public static final int NONE = -1;

    private static final int INITIAL_CAPACITY = 16;

    private long[] firsts = new long[INITIAL_CAPACITY];
    private long[] seconds = new long[INITIAL_CAPACITY];
    private int[] left = new int[INITIAL_CAPACITY];
    private int[] right = new int[INITIAL_CAPACITY];
    private int[] height = new int[INITIAL_CAPACITY];
    /** Per subtree, when widths are tracked: the largest width and the node holding it (else null). */
    private long[] maxWidth;
    private int[] widestNode;
    private int root = NONE;
    private int size;
    /** Nodes ever handed out; freed ones are chained through {@code left} from {@code freeList}. */
    private int used;
    private int freeList = NONE;
    /** Scratch for {@link #add}, {@link #remove} and {@link #replace}: the path from the root to a node. */
    private int[] path = new int[64];

    /** A set without width tracking. */
    public LongPairSet() {
        this(false);
    }

    /** A set that, with {@code trackWidths}, keeps {@link #widest()} up to date as it changes. */
    public LongPairSet(boolean trackWidths) {
        if (trackWidths) {
            maxWidth = new long[INITIAL_CAPACITY];
            widestNode = new int[INITIAL_CAPACITY];
        }
    }

    /** Number of pairs. */
    public int size() {
        return size;
    }

    /** The first component of {@code node}'s pair. */
    public long first(int node) {
        return firsts[node];
    }

    /** The second component of {@code node}'s pair. */
    public long second(int node) {
        return seconds[node];
    }

    /** Adds {@code (first, second)}; returns false when it was there already. */
    public boolean add(long first, long second) {
        int depth = 0;
        int c = 0;
        for (int t = root; t != NONE; t = c < 0 ? left[t] : right[t]) {
            c = compare(first, second, t);
            if (c == 0) return false;
            depth = push(depth, t);
        }
        int n = newNode(first, second);
        size++;
        if (depth == 0) {
            root = n;
        } else if (c < 0) {
            left[path[depth - 1]] = n;
        } else {
            right[path[depth - 1]] = n;
        }
        retrace(depth, -1);
        return true;
    }

    /** Removes {@code (first, second)}; returns false when it was not there. */
    public boolean remove(long first, long second) {
        int depth = 0;
        int t = root;
        for (int c; t != NONE && (c = compare(first, second, t)) != 0; t = c < 0 ? left[t] : right[t]) depth = push(depth, t);
        if (t == NONE) return false;
        size--;
        int changedPair = -1;
        if (left[t] != NONE && right[t] != NONE) {
            // two children: t takes over its successor's pair, and the successor (which has no left child) goes
            changedPair = depth;
            depth = push(depth, t);
            int successor = right[t];
            for (; left[successor] != NONE; successor = left[successor]) depth = push(depth, successor);
            firsts[t] = firsts[successor];
            seconds[t] = seconds[successor];
            t = successor;
        }
        int child = left[t] == NONE ? right[t] : left[t];
        relink(depth, t, child);
        freeNode(t);
        retrace(depth, changedPair);
        return true;
    }

    /**
     * Replaces {@code node}'s pair by {@code (first, second)}, which must sort between the pairs before and after it
     * (as when an extent shrinks or grows without reaching its neighbours): no node moves, so nothing is rebalanced,
     * and only the widths on the node's path are looked at again. {@code node} stays valid.
     *
     * @throws IllegalArgumentException when the new pair would not sort where the node is; the set is unchanged then
     */
    public void replace(int node, long first, long second) {
        if (!tryReplace(node, first, second)) {
            throw new IllegalArgumentException("(" + first + ", " + second + ") does not sort where (" + firsts[node] + ", "
                    + seconds[node] + ") is");
        }
    }

    /**
     * {@link #replace}s {@code node}'s pair by {@code (first, second)} when that sorts where the node is; returns
     * false, the set unchanged, when it does not.
     */
    public boolean tryReplace(int node, long first, long second) {
        long oldFirst = firsts[node];
        long oldSecond = seconds[node];
        // the path to the node, and the nearest ancestors it lies right of and left of (its in-order neighbours
        // when it has no subtree on that side)
        int depth = 0;
        int rightOf = NONE;
        int leftOf = NONE;
        for (int t = root; t != node; ) {
            depth = push(depth, t);
            if (compare(oldFirst, oldSecond, t) < 0) {
                leftOf = t;
                t = left[t];
            } else {
                rightOf = t;
                t = right[t];
            }
        }
        // only the neighbour on the side the pair moves to can be passed
        int c = compare(first, second, node);
        int neighbour = c < 0 ? (left[node] != NONE ? rightmost(left[node]) : rightOf)
                : c > 0 ? (right[node] != NONE ? leftmost(right[node]) : leftOf) : NONE;
        if (neighbour != NONE && Integer.signum(compare(first, second, neighbour)) != -c) return false;
        firsts[node] = first;
        seconds[node] = second;
        if (widestNode == null) return true;
        updateWidth(node);
        for (int i = depth - 1; i >= 0; i--) {
            int t = path[i];
            long width = maxWidth[t];
            int widest = widestNode[t];
            updateWidth(t);
            // the node's width changed, nothing else: above an unchanged subtree, nothing changes
            if (maxWidth[t] == width && widestNode[t] == widest) break;
        }
        return true;
    }

    private int leftmost(int t) {
        while (left[t] != NONE) t = left[t];
        return t;
    }

    private int rightmost(int t) {
        while (right[t] != NONE) t = right[t];
        return t;
    }

    /**
     * The pair with the largest {@code second - first} (the largest pair among equally wide ones), or {@link #NONE}
     * when empty.
     *
     * @throws IllegalStateException when the set does not track widths
     */
    public int widest() {
        requireWidths();
        return root == NONE ? NONE : widestNode[root];
    }

    /**
     * The smallest pair at least {@code width} wide ({@code second - first}), or {@link #NONE}: for a set of intervals
     * {@code (start, end)}, the lowest one that holds {@code width}, in O(log n).
     *
     * @throws IllegalStateException when the set does not track widths
     */
    public int firstOfWidthAtLeast(long width) {
        requireWidths();
        return firstOfWidthAtLeast(root, width);
    }

    /**
     * The smallest pair strictly above {@code (first, second)} that is at least {@code width} wide, or {@link #NONE}:
     * for a set of intervals, the lowest one past a point that holds {@code width}, in O(log n).
     *
     * @throws IllegalStateException when the set does not track widths
     */
    public int higherOfWidthAtLeast(long first, long second, long width) {
        requireWidths();
        return higherOfWidthAtLeast(root, first, second, width);
    }

    private int higherOfWidthAtLeast(int t, long first, long second, long width) {
        if (t == NONE || maxWidth[t] < width) return NONE;
        if (compare(first, second, t) >= 0) return higherOfWidthAtLeast(right[t], first, second, width);
        // t is above the pair, and so is its right subtree: the left subtree's candidates come first, then t's
        int inLeft = higherOfWidthAtLeast(left[t], first, second, width);
        if (inLeft != NONE) return inLeft;
        return seconds[t] - firsts[t] >= width ? t : firstOfWidthAtLeast(right[t], width);
    }

    /** The smallest pair of {@code t}'s subtree at least {@code width} wide, or {@link #NONE}. */
    private int firstOfWidthAtLeast(int t, long width) {
        if (t == NONE || maxWidth[t] < width) return NONE;
        // invariant: t's subtree holds a wide enough pair; the left subtree's come first, then t, then the right's
        while (true) {
            int l = left[t];
            if (l != NONE && maxWidth[l] >= width) {
                t = l;
            } else if (seconds[t] - firsts[t] >= width) {
                return t;
            } else {
                t = right[t];
            }
        }
    }

    private void requireWidths() {
        if (widestNode == null) throw new IllegalStateException("this set does not track widths");
    }

    /** The largest pair at or below {@code (first, second)}, or {@link #NONE}. */
    public int floor(long first, long second) {
        return below(first, second, true);
    }

    /** The largest pair strictly below {@code (first, second)}, or {@link #NONE}. */
    public int lower(long first, long second) {
        return below(first, second, false);
    }

    /** The smallest pair at or above {@code (first, second)}, or {@link #NONE}. */
    public int ceiling(long first, long second) {
        return above(first, second, true);
    }

    /** The smallest pair strictly above {@code (first, second)}, or {@link #NONE}. */
    public int higher(long first, long second) {
        return above(first, second, false);
    }

    private int below(long first, long second, boolean inclusive) {
        int best = NONE;
        for (int t = root; t != NONE; ) {
            int c = compare(first, second, t);
            if (c == 0 && inclusive) return t;
            if (c > 0) {
                best = t;
                t = right[t];
            } else {
                t = left[t];
            }
        }
        return best;
    }

    private int above(long first, long second, boolean inclusive) {
        int best = NONE;
        for (int t = root; t != NONE; ) {
            int c = compare(first, second, t);
            if (c == 0 && inclusive) return t;
            if (c < 0) {
                best = t;
                t = left[t];
            } else {
                t = right[t];
            }
        }
        return best;
    }

    /** What {@link #forEach} hands each pair to. */
    @FunctionalInterface
    public interface PairConsumer {
        /** Takes one pair. */
        void accept(long first, long second);
    }

    /** Calls {@code action} for every pair in order. */
    public void forEach(PairConsumer action) {
        visit(root, action);
    }

    private void visit(int t, PairConsumer action) {
        if (t == NONE) return;
        visit(left[t], action);
        action.accept(firsts[t], seconds[t]);
        visit(right[t], action);
    }

    private int compare(long first, long second, int node) {
        int c = Long.compare(first, firsts[node]);
        return c != 0 ? c : Long.compare(second, seconds[node]);
    }

    /** Puts {@code t} on {@link #path} at {@code depth}; returns the new depth. */
    private int push(int depth, int t) {
        if (depth == path.length) path = Arrays.copyOf(path, depth * 2);
        path[depth] = t;
        return depth + 1;
    }

    /** Makes {@code to} the child that {@code from} was of {@code path[depth - 1]} (the root when depth is 0). */
    private void relink(int depth, int from, int to) {
        if (depth == 0) {
            root = to;
        } else if (left[path[depth - 1]] == from) {
            left[path[depth - 1]] = to;
        } else {
            right[path[depth - 1]] = to;
        }
    }

    /**
     * Rebalances the first {@code depth} nodes of {@link #path}, deepest first, after a subtree below them changed.
     * Where a subtree comes out as high and with the same widest pair as before, nothing above it changes, so this
     * stops there, or skips to {@code changedPair}, the index of a node on the path whose own pair changed (-1: none).
     */
    private void retrace(int depth, int changedPair) {
        for (int i = depth - 1; i >= 0; i--) {
            int t = path[i];
            int oldHeight = height[t];
            long oldWidth = widestNode == null ? 0 : maxWidth[t];
            int oldWidest = widestNode == null ? NONE : widestNode[t];
            int b = balance(t);
            if (b != t) relink(i, t, b);
            boolean unchanged = height[b] == oldHeight
                    && (widestNode == null || maxWidth[b] == oldWidth && widestNode[b] == oldWidest);
            if (unchanged) {
                if (changedPair < 0 || i <= changedPair) return;
                i = changedPair + 1; // the nodes in between are unchanged too: go on at changedPair
            }
        }
    }

    private int newNode(long first, long second) {
        int n;
        if (freeList != NONE) {
            n = freeList;
            freeList = left[n];
        } else {
            if (used == firsts.length) grow();
            n = used++;
        }
        firsts[n] = first;
        seconds[n] = second;
        left[n] = NONE;
        right[n] = NONE;
        height[n] = 1;
        if (widestNode != null) {
            maxWidth[n] = second - first;
            widestNode[n] = n;
        }
        return n;
    }

    private void freeNode(int n) {
        left[n] = freeList;
        freeList = n;
    }

    private void grow() {
        int capacity = firsts.length * 2;
        firsts = Arrays.copyOf(firsts, capacity);
        seconds = Arrays.copyOf(seconds, capacity);
        left = Arrays.copyOf(left, capacity);
        right = Arrays.copyOf(right, capacity);
        height = Arrays.copyOf(height, capacity);
        if (widestNode != null) {
            maxWidth = Arrays.copyOf(maxWidth, capacity);
            widestNode = Arrays.copyOf(widestNode, capacity);
        }
    }

    private int heightOf(int t) {
        return t == NONE ? 0 : height[t];
    }

    /** Recomputes {@code t}'s height and, when tracked, its subtree's widest pair from its children. */
    private void update(int t) {
        height[t] = 1 + Math.max(heightOf(left[t]), heightOf(right[t]));
        if (widestNode != null) updateWidth(t);
    }

    /** Recomputes {@code t}'s subtree's widest pair from its children's. */
    private void updateWidth(int t) {
        int l = left[t];
        int r = right[t];
        long width = seconds[t] - firsts[t];
        int widest = t;
        // on a tie the larger pair wins: the right subtree's, then t's, then the left subtree's
        if (r != NONE && maxWidth[r] >= width) {
            width = maxWidth[r];
            widest = widestNode[r];
        }
        if (l != NONE && maxWidth[l] > width) {
            width = maxWidth[l];
            widest = widestNode[l];
        }
        maxWidth[t] = width;
        widestNode[t] = widest;
    }

    private int balance(int t) {
        update(t);
        int bf = heightOf(left[t]) - heightOf(right[t]);
        if (bf > 1) {
            if (heightOf(left[left[t]]) < heightOf(right[left[t]])) left[t] = rotateLeft(left[t]);
            return rotateRight(t);
        }
        if (bf < -1) {
            if (heightOf(right[right[t]]) < heightOf(left[right[t]])) right[t] = rotateRight(right[t]);
            return rotateLeft(t);
        }
        return t;
    }

    private int rotateRight(int t) {
        int l = left[t];
        left[t] = right[l];
        right[l] = t;
        update(t);
        update(l);
        return l;
    }

    private int rotateLeft(int t) {
        int r = right[t];
        right[t] = left[r];
        left[r] = t;
        update(t);
        update(r);
        return r;
    }
}
