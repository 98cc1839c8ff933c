package dev.scatterbatch.host.kfd;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A list of BOs linked through the BOs themselves, as the kernel links them through {@code kgd_mem}'s
 * {@code validate_list}: a BO is on at most one list at a time, adding appends, and adding, removing and asking
 * whether a BO is on the list allocate nothing and take constant time (the process info's valid and invalid lists
 * see every userptr ALLOC and FREE). Iteration is in the order of addition and survives the removal of the BO it
 * is at.
 */
final class KgdMemList implements Iterable<KgdMem> {

    private KgdMem first;
    private KgdMem last;
    private int size;

    /** {@code list_add_tail}. */
    void add(KgdMem mem) {
        if (mem.list != null) throw new IllegalStateException("the BO is on a list already");
        mem.list = this;
        mem.listPrev = last;
        mem.listNext = null;
        if (last == null) first = mem;
        else last.listNext = mem;
        last = mem;
        size++;
    }

    /** {@code list_del}: takes {@code mem} off this list; false when it is not on it. */
    boolean remove(KgdMem mem) {
        if (mem.list != this) return false;
        if (mem.listPrev == null) first = mem.listNext;
        else mem.listPrev.listNext = mem.listNext;
        if (mem.listNext == null) last = mem.listPrev;
        else mem.listNext.listPrev = mem.listPrev;
        mem.list = null;
        mem.listPrev = mem.listNext = null;
        size--;
        return true;
    }

    boolean contains(KgdMem mem) {
        return mem.list == this;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** The BOs in order; the BO last returned may be removed (or moved to another list) before the next is asked for. */
    @Override
    public Iterator<KgdMem> iterator() {
        return new Iterator<>() {
            private KgdMem next = first;

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public KgdMem next() {
                KgdMem mem = next;
                if (mem == null) throw new NoSuchElementException();
                next = mem.listNext;
                return mem;
            }
        };
    }
}
