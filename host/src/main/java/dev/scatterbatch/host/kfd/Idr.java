package dev.scatterbatch.host.kfd;

import java.util.Collection;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code idr_alloc(&idr, ptr, 0, end)}: ids from 0, always the lowest free id (a freed id is handed out again
 * before any higher one), at most {@code end - 1}.
 *
 * @param <V> what an id refers to
 */
final class Idr<V> {

    private final TreeMap<Integer, V> entries = new TreeMap<>();
    private final TreeSet<Integer> freed = new TreeSet<>();
    private final int end;
    private int next;

    /** An idr handing out ids below {@code end}. */
    Idr(int end) {
        this.end = end;
    }

    /** The lowest free id now bound to {@code value}, or -1 when the range is full. */
    int alloc(V value) {
        int id;
        if (!freed.isEmpty()) {
            id = freed.pollFirst();
        } else {
            if (next >= end) return -1;
            id = next++;
        }
        entries.put(id, value);
        return id;
    }

    /** {@code idr_find}: the value of {@code id}, or null (negative ids never exist). */
    V find(int id) {
        return id < 0 ? null : entries.get(id);
    }

    /** {@code idr_remove}. */
    void remove(int id) {
        if (entries.remove(id) == null) throw new IllegalArgumentException("idr " + id + " is not allocated");
        if (id == next - 1) {
            next--;
            while (!freed.isEmpty() && freed.last() == next - 1) next = freed.pollLast();
        } else {
            freed.add(id);
        }
    }

    /** The values in id order. */
    Collection<V> values() {
        return entries.values();
    }
}
