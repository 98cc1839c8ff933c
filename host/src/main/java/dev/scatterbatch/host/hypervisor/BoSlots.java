package dev.scatterbatch.host.hypervisor;

import java.util.Arrays;

/**
 * A guest buffer's BO handles by slot, in a {@code long} array indexed by slot (KFD handles are never 0, so 0 marks an
 * empty slot): slots are the buffer's range or part indexes, small and dense, and a per-range buffer fills a
 * thousand of them, one per ALLOC, which a map of boxed keys and handles would pay for in garbage.
 */
final class BoSlots {

    private static final long EMPTY = 0;

    private long[] handles = new long[4];
    private int count;

    /** Puts {@code handle} (not 0) in {@code slot}, in place of any handle there. */
    void put(int slot, long handle) {
        if (handle == EMPTY) throw new IllegalArgumentException("handle 0 in slot " + slot);
        if (slot >= handles.length) handles = Arrays.copyOf(handles, Math.max(slot + 1, handles.length * 2));
        if (handles[slot] == EMPTY) count++;
        handles[slot] = handle;
    }

    /** Makes room for slots {@code [0, slots)} at once, for a registration that is about to fill them one by one. */
    void ensureCapacity(int slots) {
        if (slots > handles.length) handles = Arrays.copyOf(handles, slots);
    }

    /** The handle in {@code slot}, which must hold one. */
    long get(int slot) {
        if (!contains(slot)) throw new IllegalStateException("no BO in slot " + slot);
        return handles[slot];
    }

    /** Empties {@code slot}, which must hold a handle; returns that handle. */
    long remove(int slot) {
        long handle = get(slot);
        handles[slot] = EMPTY;
        count--;
        return handle;
    }

    /** Whether {@code slot} holds a handle. */
    boolean contains(int slot) {
        return slot >= 0 && slot < handles.length && handles[slot] != EMPTY;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** The slots that hold a handle, in ascending order. */
    int[] slots() {
        int[] out = new int[count];
        for (int slot = 0, n = 0; n < count; slot++) if (handles[slot] != EMPTY) out[n++] = slot;
        return out;
    }
}
