package dev.scatterbatch.host.mm;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The kernel's {@code interval_tree}: closed intervals {@code [start, last]} of unsigned 64-bit values, each with a
 * value, in a balanced tree augmented with the largest {@code last} of each subtree. Overlap queries visit only
 * subtrees that can intersect, in order of start (ties in insertion order, as the kernel's rb-tree keeps them).
 *
 * @param <V> what each interval carries
 */
public final class IntervalTree<V> {

    /** One interval in the tree; the handle to remove it by. */
    public static final class Node<V> {
        private final long start;
        private final long last;
        private final long sequence;
        private final V value;
        private Node<V> left;
        private Node<V> right;
        private int height = 1;
        private long maxLast;
        private IntervalTree<V> owner;

        private Node(long start, long last, long sequence, V value, IntervalTree<V> owner) {
            this.start = start;
            this.last = last;
            this.sequence = sequence;
            this.value = value;
            this.maxLast = last;
            this.owner = owner;
        }

        /** First value in the interval. */
        public long start() {
            return start;
        }

        /** Last value in the interval (inclusive). */
        public long last() {
            return last;
        }

        /** What the interval carries. */
        public V value() {
            return value;
        }
    }

    private Node<V> root;
    private int size;
    private long nextSequence;

    /** Number of intervals. */
    public int size() {
        return size;
    }

    /** Adds {@code [start, last]} (unsigned, {@code start <= last}) carrying {@code value}; returns its node. */
    public Node<V> insert(long start, long last, V value) {
        if (Long.compareUnsigned(start, last) > 0) {
            throw new IllegalArgumentException("interval [0x" + Long.toHexString(start) + ", 0x" + Long.toHexString(last) + "] is reversed");
        }
        Node<V> node = new Node<>(start, last, nextSequence++, value, this);
        root = insert(root, node);
        size++;
        return node;
    }

    /** Removes an interval this tree returned from {@link #insert}. */
    public void remove(Node<V> node) {
        if (node.owner != this) throw new IllegalArgumentException("the interval is not in this tree");
        root = remove(root, node);
        node.owner = null;
        node.left = node.right = null;
        size--;
    }

    /** Calls {@code action} for each interval intersecting {@code [start, last]}, in order. */
    public void forEachOverlapping(long start, long last, Consumer<Node<V>> action) {
        visitOverlapping(root, start, last, action);
    }

    /** The intervals intersecting {@code [start, last]}, in order. */
    public List<Node<V>> overlapping(long start, long last) {
        List<Node<V>> out = new ArrayList<>();
        forEachOverlapping(start, last, out::add);
        return out;
    }

    /** Whether any interval intersects {@code [start, last]} ({@code interval_tree_iter_first != NULL}). */
    public boolean anyOverlapping(long start, long last) {
        Node<V> t = root;
        while (t != null) {
            if (Long.compareUnsigned(t.maxLast, start) < 0) return false;
            if (t.left != null && Long.compareUnsigned(t.left.maxLast, start) >= 0) {
                t = t.left;
                continue;
            }
            if (Long.compareUnsigned(t.start, last) > 0) return false;
            if (Long.compareUnsigned(start, t.last) <= 0) return true;
            t = t.right;
        }
        return false;
    }

    /** Calls {@code action} for every interval, in order. */
    public void forEach(Consumer<Node<V>> action) {
        visitAll(root, action);
    }

    private void visitAll(Node<V> t, Consumer<Node<V>> action) {
        if (t == null) return;
        visitAll(t.left, action);
        action.accept(t);
        visitAll(t.right, action);
    }

    private void visitOverlapping(Node<V> t, long start, long last, Consumer<Node<V>> action) {
        if (t == null || Long.compareUnsigned(t.maxLast, start) < 0) return;
        visitOverlapping(t.left, start, last, action);
        if (Long.compareUnsigned(t.start, last) > 0) return;
        if (Long.compareUnsigned(start, t.last) <= 0) action.accept(t);
        visitOverlapping(t.right, start, last, action);
    }

    private static int compare(Node<?> a, Node<?> b) {
        int c = Long.compareUnsigned(a.start, b.start);
        return c != 0 ? c : Long.compare(a.sequence, b.sequence);
    }

    private Node<V> insert(Node<V> t, Node<V> node) {
        if (t == null) return node;
        if (compare(node, t) < 0) t.left = insert(t.left, node);
        else t.right = insert(t.right, node);
        return balance(t);
    }

    private Node<V> remove(Node<V> t, Node<V> node) {
        if (t == null) throw new IllegalStateException("interval tree is missing a node it owns");
        int c = compare(node, t);
        if (c < 0) {
            t.left = remove(t.left, node);
        } else if (c > 0) {
            t.right = remove(t.right, node);
        } else {
            if (t.left == null) return t.right;
            if (t.right == null) return t.left;
            Node<V> successor = t.right;
            while (successor.left != null) successor = successor.left;
            successor.right = removeMin(t.right);
            successor.left = t.left;
            return balance(successor);
        }
        return balance(t);
    }

    private Node<V> removeMin(Node<V> t) {
        if (t.left == null) return t.right;
        t.left = removeMin(t.left);
        return balance(t);
    }

    private static int height(Node<?> t) {
        return t == null ? 0 : t.height;
    }

    private static <V> void update(Node<V> t) {
        t.height = 1 + Math.max(height(t.left), height(t.right));
        long m = t.last;
        if (t.left != null && Long.compareUnsigned(t.left.maxLast, m) > 0) m = t.left.maxLast;
        if (t.right != null && Long.compareUnsigned(t.right.maxLast, m) > 0) m = t.right.maxLast;
        t.maxLast = m;
    }

    private static <V> Node<V> balance(Node<V> t) {
        update(t);
        int bf = height(t.left) - height(t.right);
        if (bf > 1) {
            if (height(t.left.left) < height(t.left.right)) t.left = rotateLeft(t.left);
            return rotateRight(t);
        }
        if (bf < -1) {
            if (height(t.right.right) < height(t.right.left)) t.right = rotateRight(t.right);
            return rotateLeft(t);
        }
        return t;
    }

    private static <V> Node<V> rotateRight(Node<V> t) {
        Node<V> l = t.left;
        t.left = l.right;
        l.right = t;
        update(t);
        update(l);
        return l;
    }

    private static <V> Node<V> rotateLeft(Node<V> t) {
        Node<V> r = t.right;
        t.right = r.left;
        r.left = t;
        update(t);
        update(r);
        return r;
    }
}
