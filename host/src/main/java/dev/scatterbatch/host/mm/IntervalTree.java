package dev.scatterbatch.host.mm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The kernel's {@code interval_tree}: closed intervals {@code [start, last]} of unsigned 64-bit values, each with a
 * value, in a balanced tree augmented with the largest {@code last} of each subtree. Overlap queries visit only
 * subtrees that can intersect, in order of start (ties in insertion order, as the kernel's rb-tree keeps them).
 *
 * <p>As in the kernel, a node may be embedded in the structure it indexes ({@code struct mmu_interval_notifier}
 * holds its {@code interval_tree_node}): a subclass of {@link Node} is its own value and is inserted with
 * {@link #insert(Node)}, so indexing it allocates nothing. Nodes know their parent, so a removal starts at the node
 * rather than searching for it from the root, and rebalancing walks up only as far as heights or subtree maxima
 * change.
 *
 * <p>Insertion is deferred: a new node waits in an array until the next query or walk links every waiting node in
 * (its place follows from its start and insertion sequence, whenever it is linked). A node removed while it waits
 * is only dropped from the array. An mm registers and removes thousands of notifiers per buffer and is asked about
 * them only when memory events or unmaps happen, so most notifiers never enter the tree at all.
 *
 * @param <V> what each interval carries
 */
public final class IntervalTree<V> {

    /**
     * One interval in the tree; the handle to remove it by. Subclass it (with {@link #Node(long, long)}) to embed
     * the interval in what it indexes.
     */
    public static class Node<V> {
        private final long start;
        private final long last;
        private long sequence;
        private Node<V> left;
        private Node<V> right;
        private Node<V> parent;
        private int height;
        private long maxLast;
        private IntervalTree<V> owner;
        /** The node's index among the waiting nodes, or -1 once it is linked into the tree. */
        private int waitingAt = -1;

        /** An interval {@code [start, last]} that carries itself (an embedded node), not yet inserted. */
        protected Node(long start, long last) {
            this.start = start;
            this.last = last;
        }

        /** First value in the interval. */
        public long start() {
            return start;
        }

        /** Last value in the interval (inclusive). */
        public long last() {
            return last;
        }

        /** What the interval carries: the node itself when embedded. */
        @SuppressWarnings("unchecked")
        public V value() {
            return (V) this;
        }

        /** Whether the node is in a tree. */
        public boolean inTree() {
            return owner != null;
        }
    }

    /** A node carrying a value of its own (an embedded node carries itself and keeps no field for it). */
    private static final class Carrying<V> extends Node<V> {
        private final V value;

        Carrying(long start, long last, V value) {
            super(start, last);
            this.value = value;
        }

        @Override
        public V value() {
            return value;
        }
    }

    private Node<V> root;
    private int size;
    private long nextSequence;
    /** Inserted nodes not linked into the tree yet, in {@code [0, waitingCount)}. */
    private Node<?>[] waiting = new Node<?>[16];
    private int waitingCount;

    /** Number of intervals. */
    public int size() {
        return size;
    }

    /** Adds {@code [start, last]} (unsigned, {@code start <= last}) carrying {@code value}; returns its node. */
    public Node<V> insert(long start, long last, V value) {
        return insert(new Carrying<>(start, last, value));
    }

    /**
     * Adds {@code node}, which is in no tree and whose interval is not reversed; returns it.
     *
     * @throws IllegalArgumentException when the interval is reversed
     * @throws IllegalStateException    when the node is in a tree already
     */
    public <N extends Node<V>> N insert(N embedded) {
        // private fields are reached through Node, not the type variable
        Node<V> node = embedded;
        if (Long.compareUnsigned(node.start, node.last) > 0) {
            throw new IllegalArgumentException("interval [0x" + Long.toHexString(node.start) + ", 0x" + Long.toHexString(node.last) + "] is reversed");
        }
        if (node.owner != null) throw new IllegalStateException("the interval is already in a tree");
        node.owner = this;
        node.sequence = nextSequence++;
        size++;
        if (waitingCount == waiting.length) waiting = Arrays.copyOf(waiting, waitingCount * 2);
        node.waitingAt = waitingCount;
        waiting[waitingCount++] = node;
        return embedded;
    }

    /** Links every waiting node into the tree. */
    @SuppressWarnings("unchecked")
    private void linkWaiting() {
        for (int i = 0; i < waitingCount; i++) {
            Node<V> node = (Node<V>) waiting[i];
            waiting[i] = null;
            node.waitingAt = -1;
            link(node);
        }
        waitingCount = 0;
    }

    /** Links {@code node} (inserted, not in the tree) at its place: by start, then insertion sequence. */
    private void link(Node<V> node) {
        node.left = node.right = node.parent = null;
        node.height = 1;
        node.maxLast = node.last;
        if (root == null) {
            root = node;
            return;
        }
        Node<V> p = root;
        while (true) {
            if (Long.compareUnsigned(node.last, p.maxLast) > 0) p.maxLast = node.last;
            if (compare(node, p) < 0) {
                if (p.left == null) {
                    p.left = node;
                    break;
                }
                p = p.left;
            } else {
                if (p.right == null) {
                    p.right = node;
                    break;
                }
                p = p.right;
            }
        }
        node.parent = p;
        rebalanceUp(p, null);
    }

    private static int compare(Node<?> a, Node<?> b) {
        int c = Long.compareUnsigned(a.start, b.start);
        return c != 0 ? c : Long.compare(a.sequence, b.sequence);
    }

    /** Removes an interval this tree returned from {@link #insert}. */
    public void remove(Node<V> node) {
        if (node.owner != this) throw new IllegalArgumentException("the interval is not in this tree");
        node.owner = null;
        size--;
        if (node.waitingAt >= 0) {
            // never linked: the last waiting node takes its slot
            Node<?> moved = waiting[--waitingCount];
            waiting[node.waitingAt] = moved;
            moved.waitingAt = node.waitingAt;
            waiting[waitingCount] = null;
            node.waitingAt = -1;
            return;
        }
        Node<V> parent = node.parent;
        if (node.left != null && node.right != null) {
            // the in-order successor takes the node's place
            Node<V> successor = node.right;
            while (successor.left != null) successor = successor.left;
            Node<V> fixFrom;
            if (successor.parent == node) {
                fixFrom = successor;
            } else {
                fixFrom = successor.parent;
                fixFrom.left = successor.right;
                if (successor.right != null) successor.right.parent = fixFrom;
                successor.right = node.right;
                node.right.parent = successor;
            }
            successor.left = node.left;
            node.left.parent = successor;
            successor.parent = parent;
            // what the ancestors last saw of the subtree in this place, so the walk up knows when to stop
            successor.height = node.height;
            successor.maxLast = node.maxLast;
            replaceChild(parent, node, successor);
            rebalanceUp(fixFrom, successor);
        } else {
            Node<V> child = node.left != null ? node.left : node.right;
            if (child != null) child.parent = parent;
            replaceChild(parent, node, child);
            if (parent != null) rebalanceUp(parent, null);
        }
        node.left = node.right = node.parent = null;
    }

    /** Calls {@code action} for each interval intersecting {@code [start, last]}, in order. */
    public void forEachOverlapping(long start, long last, Consumer<Node<V>> action) {
        linkWaiting();
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
        linkWaiting();
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
        linkWaiting();
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

    /** Puts {@code replacement} where {@code old} hung below {@code parent} (the root when parent is null). */
    private void replaceChild(Node<V> parent, Node<V> old, Node<V> replacement) {
        if (parent == null) root = replacement;
        else if (parent.left == old) parent.left = replacement;
        else parent.right = replacement;
    }

    /**
     * Rebalances from {@code t} up towards the root. Once a subtree keeps its height and maximum, nothing above it
     * changes and the walk stops, but not before it has passed {@code mustPass} (a node moved into a removed node's
     * place, whose own figures are still the removed node's).
     */
    private void rebalanceUp(Node<V> t, Node<V> mustPass) {
        boolean passed = mustPass == null;
        while (t != null) {
            int height = t.height;
            long maxLast = t.maxLast;
            Node<V> parent = t.parent;
            if (t == mustPass) passed = true;
            Node<V> top = balance(t);
            if (top != t) replaceChild(parent, t, top);
            if (passed && top.height == height && top.maxLast == maxLast) return;
            t = parent;
        }
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

    /** Restores the AVL balance at {@code t} (whose subtrees are balanced); returns the subtree's new top. */
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
        if (l.right != null) l.right.parent = t;
        l.right = t;
        l.parent = t.parent;
        t.parent = l;
        update(t);
        update(l);
        return l;
    }

    private static <V> Node<V> rotateLeft(Node<V> t) {
        Node<V> r = t.right;
        t.right = r.left;
        if (r.left != null) r.left.parent = t;
        r.left = t;
        r.parent = t.parent;
        t.parent = r;
        update(t);
        update(r);
        return r;
    }
}
