package dev.scatterbatch.host.kfd;

import dev.scatterbatch.host.mm.IntervalTree;
import dev.scatterbatch.host.mm.MmStruct;
import dev.scatterbatch.host.mm.MmuIntervalNotifier;
import dev.scatterbatch.host.mm.MmuNotifierEvent;
import dev.scatterbatch.host.mm.MmuNotifierRange;
import dev.scatterbatch.model.uapi.AllocFlags;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code p->svms}: the process's SVM ranges ({@code struct svm_range}), in 4 KiB pages. Each range watches its CPU
 * pages with its own notifier, and unmapping CPU memory drops the unmapped part of the ranges
 * ({@code svm_range_unmap_from_cpu}). A range registered with attributes ({@code svm_range_set_attr}) is charged to
 * KFD's system-memory limit as {@code svm_range_new} does with XNACK off, keeps where its pages are, whether the GPU
 * has access and whether it is mapped; an invalidation of a mapped range that is not pinned marks it invalid and
 * tells {@code onEvicted} ({@code svm_range_evict}). A range registered without attributes (a replay's bare
 * {@code svm} line) only takes part in the conflict checks.
 */
final class SvmRangeList {

    /** One {@code struct svm_range}. */
    final class SvmRange {
        final long firstPage;
        final long lastPage;
        final MmuIntervalNotifier notifier;
        IntervalTree.Node<SvmRange> node;
        /** Its share of KFD's system-memory limit, or null for a conflict-check-only range. */
        KfdMemLimit.Reservation reservation;
        /** {@code actual_loc}: 0 for system memory, else the gpu_id whose VRAM holds the pages. */
        int location;
        /** ACCESS for the GPU ({@code bitmap_access}). */
        boolean access;
        /** {@code mapped_to_gpu}. */
        boolean mapped;
        /** {@code is_map} (series v1): its pages are pinned behind an iovec VMA and never invalidated. */
        boolean pinned;
        /** Invalidations since the range was last validated. */
        int invalid;

        SvmRange(long firstPage, long lastPage) {
            this.firstPage = firstPage;
            this.lastPage = lastPage;
            this.notifier = new MmuIntervalNotifier(firstPage << 12, (lastPage - firstPage + 1) << 12, this::invalidated);
        }

        long pages() {
            return lastPage - firstPage + 1;
        }

        private boolean invalidated(MmuIntervalNotifier n, MmuNotifierRange r) {
            if (r.event() == MmuNotifierEvent.UNMAP) {
                unmapped(this, r.start() >>> 12, (r.end() - 1) >>> 12);
            } else if (mapped && !pinned) {
                invalid++;
                onEvicted.accept(this);
            }
            return true;
        }
    }

    private final IntervalTree<SvmRange> objects = new IntervalTree<>();
    private final MmStruct mm;
    private final KfdMemLimit memLimit;
    private final KfdNode node;
    private final Consumer<SvmRange> onEvicted;
    /** Mapped ranges removed by CPU unmaps since {@link #takeUnmappedFromGpu} was last asked. */
    private long unmappedFromGpu;

    /**
     * @param node      the device KFD charges SVM memory against ({@code amdgpu_amdkfd_reserve_mem_limit(NULL, ...)}
     *                  charges system memory only, so any device does)
     * @param onEvicted what an invalidation of a mapped range sets off
     */
    SvmRangeList(MmStruct mm, KfdMemLimit memLimit, KfdNode node, Consumer<SvmRange> onEvicted) {
        this.mm = mm;
        this.memLimit = memLimit;
        this.node = node;
        this.onEvicted = onEvicted;
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

    /** Registers pages {@code [firstPage, lastPage]} for the conflict checks only: new ranges cover the gaps. */
    void add(long firstPage, long lastPage) {
        for (long[] g : gaps(firstPage, lastPage)) insert(g[0], g[1]);
    }

    /**
     * {@code svm_range_add}: new ranges over the parts of {@code [firstPage, lastPage]} no range covers yet, each
     * charged to the system-memory limit; answers every range over the interval, or null ({@code -ENOMEM}, nothing
     * added) when a charge is refused.
     */
    List<SvmRange> addCharged(long firstPage, long lastPage) {
        List<SvmRange> added = new ArrayList<>();
        for (long[] g : gaps(firstPage, lastPage)) {
            KfdMemLimit.Reservation r = memLimit.reserve(node, (g[1] - g[0] + 1) << 12, AllocFlags.USERPTR, true);
            if (r.ret() != 0) {
                for (SvmRange a : added) remove(a);
                return null;
            }
            added.add(insert(g[0], g[1]));
            added.getLast().reservation = r;
        }
        List<SvmRange> out = new ArrayList<>();
        for (IntervalTree.Node<SvmRange> n : objects.overlapping(firstPage, lastPage)) out.add(n.value());
        return out;
    }

    /** The ranges registered with attributes, in address order. */
    List<SvmRange> charged() {
        List<SvmRange> out = new ArrayList<>();
        objects.forEach(n -> {
            if (n.value().reservation != null) out.add(n.value());
        });
        return out;
    }

    /** Number of SVM ranges (each has one notifier). */
    int size() {
        return objects.size();
    }

    /** GPU-mapped ranges CPU unmaps removed since the last call (their GPU unmapping is the unmapper's cost). */
    long takeUnmappedFromGpu() {
        long n = unmappedFromGpu;
        unmappedFromGpu = 0;
        return n;
    }

    private List<long[]> gaps(long firstPage, long lastPage) {
        List<long[]> gaps = new ArrayList<>();
        long next = firstPage;
        for (IntervalTree.Node<SvmRange> n : objects.overlapping(firstPage, lastPage)) {
            if (n.start() > next) gaps.add(new long[]{next, n.start() - 1});
            next = Math.max(next, n.last() + 1);
        }
        if (next <= lastPage) gaps.add(new long[]{next, lastPage});
        return gaps;
    }

    private SvmRange insert(long firstPage, long lastPage) {
        SvmRange range = new SvmRange(firstPage, lastPage);
        range.node = objects.insert(firstPage, lastPage, range);
        mm.insertNotifier(range.notifier);
        return range;
    }

    private void remove(SvmRange range) {
        objects.remove(range.node);
        mm.removeNotifier(range.notifier);
        if (range.reservation != null) memLimit.unreserve(range.reservation);
    }

    /** The unmapped part goes; what is left on either side stays a range with the same state and its own charge. */
    private void unmapped(SvmRange range, long firstPage, long lastPage) {
        remove(range);
        if (range.mapped) unmappedFromGpu++;
        if (range.firstPage < firstPage) keep(range, range.firstPage, firstPage - 1);
        if (range.lastPage > lastPage) keep(range, lastPage + 1, range.lastPage);
    }

    private void keep(SvmRange from, long firstPage, long lastPage) {
        SvmRange part = insert(firstPage, lastPage);
        if (from.reservation != null) {
            // the part is smaller than what was just returned, so the charge always fits again
            part.reservation = memLimit.reserve(node, part.pages() << 12, AllocFlags.USERPTR, true);
        }
        part.location = from.location;
        part.access = from.access;
        part.mapped = from.mapped;
        part.pinned = from.pinned;
        part.invalid = from.invalid;
    }
}
