package dev.scatterbatch.host.kfd;

import dev.scatterbatch.host.mm.IntervalTree;
import dev.scatterbatch.host.mm.MmStruct;
import dev.scatterbatch.host.mm.MmuIntervalNotifier;
import dev.scatterbatch.host.mm.MmuNotifierEvent;
import dev.scatterbatch.host.mm.MmuNotifierRange;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code p->svms}: the process's SVM ranges, in 4 KiB pages, as far as KFD's conflict checks see them. Each range
 * watches its CPU pages with its own notifier, and unmapping CPU memory drops the unmapped part of the ranges
 * ({@code svm_range_unmap_from_cpu}). Attributes, migration and GPU mapping of SVM memory are not modelled.
 */
final class SvmRangeList {

    private final class SvmRange {
        final long firstPage;
        final long lastPage;
        final MmuIntervalNotifier notifier;
        IntervalTree.Node<SvmRange> node;

        SvmRange(long firstPage, long lastPage) {
            this.firstPage = firstPage;
            this.lastPage = lastPage;
            this.notifier = new MmuIntervalNotifier(firstPage << 12, (lastPage - firstPage + 1) << 12, this::invalidated);
        }

        private boolean invalidated(MmuIntervalNotifier n, MmuNotifierRange r) {
            if (r.event() == MmuNotifierEvent.UNMAP) unmapped(this, r.start() >>> 12, (r.end() - 1) >>> 12);
            return true;
        }
    }

    private final IntervalTree<SvmRange> objects = new IntervalTree<>();
    private final MmStruct mm;

    SvmRangeList(MmStruct mm) {
        this.mm = mm;
    }

    /** {@code interval_tree_iter_first(&svms->objects, first, last) != NULL} (unsigned, as the kernel compares). */
    boolean overlaps(long firstPage, long lastPage) {
        return objects.anyOverlapping(firstPage, lastPage);
    }

    /** Whether SVM ranges cover every page of {@code [firstPage, lastPage]}. */
    boolean covers(long firstPage, long lastPage) {
        long next = firstPage;
        for (IntervalTree.Node<SvmRange> n : objects.overlapping(firstPage, lastPage)) {
            if (n.start() > next) return false;
            next = Math.max(next, n.last() + 1);
        }
        return next > lastPage;
    }

    /** Registers pages {@code [firstPage, lastPage]}: new ranges cover the parts no range covers yet. */
    void add(long firstPage, long lastPage) {
        List<long[]> gaps = new ArrayList<>();
        long next = firstPage;
        for (IntervalTree.Node<SvmRange> n : objects.overlapping(firstPage, lastPage)) {
            if (n.start() > next) gaps.add(new long[]{next, n.start() - 1});
            next = Math.max(next, n.last() + 1);
        }
        if (next <= lastPage) gaps.add(new long[]{next, lastPage});
        for (long[] g : gaps) insert(g[0], g[1]);
    }

    /** Number of SVM ranges (each has one notifier). */
    int size() {
        return objects.size();
    }

    private void insert(long firstPage, long lastPage) {
        SvmRange range = new SvmRange(firstPage, lastPage);
        range.node = objects.insert(firstPage, lastPage, range);
        mm.insertNotifier(range.notifier);
    }

    private void unmapped(SvmRange range, long firstPage, long lastPage) {
        objects.remove(range.node);
        mm.removeNotifier(range.notifier);
        if (range.firstPage < firstPage) insert(range.firstPage, firstPage - 1);
        if (range.lastPage > lastPage) insert(lastPage + 1, range.lastPage);
    }
}
