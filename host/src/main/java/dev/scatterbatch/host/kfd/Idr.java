package dev.scatterbatch.host.kfd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * {@code idr_alloc(&idr, ptr, 0, end)}: ids from 0, always the lowest free id (a freed id is handed out again
 * before any higher one), at most {@code end - 1}.
 *
 * <p>Since the lowest free id is always taken, live ids are dense below {@link #next}: values sit in an array indexed
 * by id, and the freed ids below {@code next} in a bit set, so no id is boxed.
 *
 * @param <V> what an id refers to
 */
final class Idr<V> {

    private Object[] entries = new Object[16];
    /** The ids below {@link #next} that are free. */
    private final BitSet freed = new BitSet();
    private final int end;
    /** One above the highest live id. */
    private int next;

    /** An idr handing out ids below {@code end}. */
    Idr(int end) {
        this.end = end;
    }

    /** The lowest free id now bound to {@code value}, or -1 when the range is full. */
    int alloc(V value) {
        int id = freed.nextSetBit(0);
        if (id >= 0) {
            freed.clear(id);
        } else {
            if (next >= end) return -1;
            id = next++;
            if (id == entries.length) entries = Arrays.copyOf(entries, entries.length * 2);
        }
        entries[id] = value;
        return id;
    }

    /** {@code idr_find}: the value of {@code id}, or null (negative ids never exist). */
    @SuppressWarnings("unchecked")
    V find(int id) {
        return id < 0 || id >= next ? null : (V) entries[id];
    }

    /** {@code idr_remove}. */
    void remove(int id) {
        if (find(id) == null) throw new IllegalArgumentException("idr " + id + " is not allocated");
        entries[id] = null;
        if (id == next - 1) {
            // the top id went: so do the free ids right below it
            next = id;
            while (next > 0 && freed.get(next - 1)) freed.clear(--next);
        } else {
            freed.set(id);
        }
    }

    /**
     * Marks every id below {@code id} as taken by values this idr does not know (BOs a process allocated before a
     * trace of it starts): they are never handed out and {@link #find} answers null for them.
     */
    void reserveBelow(int id) {
        if (next != 0) throw new IllegalStateException("ids can be reserved only before the first allocation");
        grow(id);
        next = id;
    }

    /** Binds {@code id} itself to {@code value}; false when the id is taken. Ids skipped on the way stay free. */
    boolean allocAt(int id, V value) {
        if (id < 0 || id >= end) return false;
        if (id < next) {
            if (entries[id] != null) return false;
            freed.clear(id);
        } else {
            freed.set(next, id);
            next = id + 1;
            grow(next);
        }
        entries[id] = value;
        return true;
    }

    private void grow(int size) {
        if (size > entries.length) entries = Arrays.copyOf(entries, Math.max(size, entries.length * 2));
    }

    /** The values in id order. */
    @SuppressWarnings("unchecked")
    List<V> values() {
        List<V> out = new ArrayList<>(next - freed.cardinality());
        for (int id = 0; id < next; id++) if (entries[id] != null) out.add((V) entries[id]);
        return out;
    }
}
