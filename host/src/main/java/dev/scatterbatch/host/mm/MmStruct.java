package dev.scatterbatch.host.mm;

import dev.scatterbatch.host.sync.BusyCalendar;
import dev.scatterbatch.model.uapi.Errno;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * A host process's {@code mm_struct}: its CPU mappings (anonymous, private, read-write) as extents and the
 * {@code mmu_interval_notifier}s registered on it.
 *
 * <p>VMA-count rule (what {@code vm.max_map_count} counts): every mapping is one VMA; a new or moved mapping merges
 * with a neighbour it touches when both have the same backing page size and continuous {@code vm_pgoff} (anonymous
 * memory keeps the page index of the address where it was first mapped, so fresh adjacent mmaps merge and pieces
 * moved by {@code mremap} from non-adjacent sources do not); punching a hole into one VMA splits it in two. The
 * checks are the kernel's: {@code mmap} fails with {@code -ENOMEM} once {@code map_count > max_map_count},
 * {@code munmap} when a split would need {@code map_count >= max_map_count}, and {@code mremap} to a fixed address
 * when {@code map_count + 2 >= max_map_count - 3} or, after unmapping the target, {@code map_count >=
 * max_map_count - 3}.
 *
 * <p>Invalidation: every notifier whose interval intersects the range is called once, in order of start.
 * {@code munmap} (and {@code mmap} or {@code mremap} over existing mappings) invalidates the whole requested range
 * once, blockable, when any mapping is in it; {@code mremap} invalidates the source range as its page tables move.
 *
 * <p>Methods returning {@code long} return an address or 0 on success and {@code -errno} on failure, as the system
 * calls do; a failure changes nothing.
 */
public final class MmStruct {

    /** {@code TASK_SIZE} of x86-64 with 4-level paging: the top of user space. */
    public static final long TASK_SIZE = (1L << 47) - 4096;
    /** The highest memory policy mode ({@code MPOL_WEIGHTED_INTERLEAVE}); {@code MPOL_MAX} is one above. */
    static final int MPOL_MAX_MODE = 6;
    /** The default {@code vm.mmap_min_addr}. */
    public static final long MMAP_MIN_ADDR = 0x10000;
    /** {@code MREMAP_MAYMOVE}. */
    public static final int MREMAP_MAYMOVE = 1;
    /** {@code MREMAP_FIXED}. */
    public static final int MREMAP_FIXED = 2;
    /** {@code MREMAP_DONTUNMAP}. */
    public static final int MREMAP_DONTUNMAP = 4;

    private static final long PAGE = 4096;

    private final TreeMap<Long, Vma> vmas = new TreeMap<>();
    /**
     * The mapping {@link #vmaAt} found last, or null once the mappings changed. The restore worker and the
     * registration paths look up thousands of ranges of one buffer in address order, which mostly lie in the same
     * mapping (a VM's guest RAM is one), so the tree is walked once per mapping rather than once per range.
     */
    private Vma lastFound;
    private final IntervalTree<MmuIntervalNotifier> notifiers = new IntervalTree<>();
    private final LongSupplier maxMapCount;
    /** {@code mm->mmap_lock}, held as one exclusive lock (readers of the model never overlap its writers' holds). */
    private final BusyCalendar mmapLock = new BusyCalendar();
    /** {@code subscriptions->invalidate_seq}: odd while an invalidation runs, bumped to even at its end. */
    private long invalidateSeq;

    /** An empty mm whose {@code vm.max_map_count} is read from {@code maxMapCount} at each check. */
    public MmStruct(LongSupplier maxMapCount) {
        this.maxMapCount = maxMapCount;
    }

    /** {@code mm->map_count}: the number of VMAs. */
    public int mapCount() {
        return vmas.size();
    }

    /** The sequence of the invalidation in progress, which a notifier's callback passes to {@link MmuIntervalNotifier#setSeq}. */
    public long invalidateSeq() {
        return invalidateSeq;
    }

    /** {@code mmap_lock}: held for write by mremap and ALLOC's SVM check, for read by page faults. */
    public BusyCalendar mmapLock() {
        return mmapLock;
    }

    /**
     * {@code mbind(start, len, mode, ...)} as a memory policy the model does not act on: 0 or {@code -errno} from its
     * checks ({@code do_mbind}: mode, alignment, wrap; an unmapped hole is {@code -EFAULT}).
     */
    public int mbind(long start, long len, int mode) {
        if (mode < 0 || mode > MPOL_MAX_MODE) return Errno.EINVAL.ret();
        return policyRange(start, len, Errno.EFAULT);
    }

    /**
     * {@code madvise(start, len, advice)} for advice that changes nothing the model tracks ({@code MADV_DONTFORK},
     * {@code MADV_DONTDUMP}, ...): 0 or {@code -errno} from its checks (alignment and wrap {@code -EINVAL}, an
     * unmapped hole {@code -ENOMEM}).
     */
    public int madvise(long start, long len) {
        return policyRange(start, len, Errno.ENOMEM);
    }

    /** The range checks mbind and madvise share: alignment and wrap {@code -EINVAL}, a hole {@code hole}. */
    private int policyRange(long start, long len, Errno hole) {
        if ((start & (PAGE - 1)) != 0) return Errno.EINVAL.ret();
        long aligned = pageAlign(len);
        long end = start + aligned;
        if (Long.compareUnsigned(end, start) < 0 || (len != 0 && aligned == 0)) return Errno.EINVAL.ret();
        if (end == start) return 0;
        return isMapped(start, end) ? 0 : hole.ret();
    }

    /** Number of registered interval notifiers. */
    public int notifierCount() {
        return notifiers.size();
    }

    /**
     * {@code mmap(addr, len, PROT_READ|PROT_WRITE, MAP_FIXED|MAP_PRIVATE|MAP_ANONYMOUS)} backed by {@code backing};
     * returns {@code addr} or {@code -errno}. Mappings already in the range are unmapped first.
     */
    public long mmap(long addr, long len, PageSize backing) {
        return mmap(addr, len, backing, Vma.Kind.ANONYMOUS);
    }

    /** As above, mapping {@code kind} ({@code PROT_NONE} reservations and device mappings replace memory too). */
    public long mmap(long addr, long len, PageSize backing, Vma.Kind kind) {
        if (len == 0) return Errno.EINVAL.ret();
        long aligned = pageAlign(len);
        if (aligned == 0) return Errno.ENOMEM.ret();
        if (vmas.size() > maxMapCount.getAsLong()) return Errno.ENOMEM.ret();
        if (Long.compareUnsigned(aligned, TASK_SIZE) > 0 || Long.compareUnsigned(addr, TASK_SIZE - aligned) > 0) {
            return Errno.ENOMEM.ret();
        }
        if ((addr & (PAGE - 1)) != 0) return Errno.EINVAL.ret();
        if (addr < MMAP_MIN_ADDR) return Errno.EPERM.ret();
        int unmapped = unmapRange(addr, addr + aligned);
        if (unmapped < 0) return unmapped;
        insertMerging(new Vma(addr, addr + aligned, backing, addr >>> 12, kind));
        return addr;
    }

    /** {@code munmap(addr, len)}: 0 or {@code -errno}. */
    public int munmap(long addr, long len) {
        if ((addr & (PAGE - 1)) != 0 || Long.compareUnsigned(addr, TASK_SIZE) > 0
                || Long.compareUnsigned(len, TASK_SIZE - addr) > 0) {
            return Errno.EINVAL.ret();
        }
        long aligned = pageAlign(len);
        if (aligned == 0) return Errno.EINVAL.ret();
        return unmapRange(addr, addr + aligned);
    }

    /**
     * {@code mremap(oldAddr, oldLen, newLen, flags, newAddr)}: returns the new address or {@code -errno}. The model
     * moves mappings to a fixed address without resizing ({@code MREMAP_MAYMOVE|MREMAP_FIXED}, optionally
     * {@code MREMAP_DONTUNMAP}, which leaves the source mapped).
     *
     * @throws UnsupportedOperationException for a resize or a move to an address the kernel would choose
     */
    public long mremap(long oldAddr, long oldLen, long newLen, int flags, long newAddr) {
        if ((flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP)) != 0) return Errno.EINVAL.ret();
        boolean mayMove = (flags & MREMAP_MAYMOVE) != 0;
        if ((flags & MREMAP_FIXED) != 0 && !mayMove) return Errno.EINVAL.ret();
        if ((flags & MREMAP_DONTUNMAP) != 0 && (!mayMove || oldLen != newLen)) return Errno.EINVAL.ret();
        if ((oldAddr & (PAGE - 1)) != 0) return Errno.EINVAL.ret();
        long oldAligned = pageAlign(oldLen);
        long len = pageAlign(newLen);
        if (len == 0) return Errno.EINVAL.ret();
        if (vmaAt(oldAddr) == null) return Errno.EFAULT.ret();
        if ((flags & MREMAP_FIXED) == 0 || oldAligned != len) {
            throw new UnsupportedOperationException("the model only moves a mapping unresized to a fixed address (MREMAP_MAYMOVE|MREMAP_FIXED)");
        }
        if ((newAddr & (PAGE - 1)) != 0) return Errno.EINVAL.ret();
        if (Long.compareUnsigned(len, TASK_SIZE) > 0 || Long.compareUnsigned(newAddr, TASK_SIZE - len) > 0) {
            return Errno.EINVAL.ret();
        }
        if (Long.compareUnsigned(oldAddr + len, newAddr) > 0 && Long.compareUnsigned(newAddr + len, oldAddr) > 0) {
            return Errno.EINVAL.ret();
        }
        long max = maxMapCount.getAsLong();
        if (vmas.size() + 2L >= max - 3) return Errno.ENOMEM.ret();
        int unmapped = unmapRange(newAddr, newAddr + len);
        if (unmapped < 0) return unmapped;
        Vma source = vmaAt(oldAddr);
        if (source == null || len > source.end() - oldAddr) return Errno.EFAULT.ret();
        if (vmas.size() >= max - 3) return Errno.ENOMEM.ret();
        invalidate(oldAddr, oldAddr + len, true, MmuNotifierEvent.UNMAP);
        Vma moved = source.slice(oldAddr, oldAddr + len);
        if ((flags & MREMAP_DONTUNMAP) == 0) removeRange(oldAddr, oldAddr + len);
        insertMerging(new Vma(newAddr, newAddr + len, moved.backing(), moved.pgoff(), moved.kind()));
        return newAddr;
    }

    /** The VMA containing {@code addr} ({@code vma_lookup}), or null. */
    public Vma vmaAt(long addr) {
        Vma last = lastFound;
        if (last != null && last.start() <= addr && addr < last.end()) return last;
        Map.Entry<Long, Vma> e = vmas.floorEntry(addr);
        Vma found = e != null && addr < e.getValue().end() ? e.getValue() : null;
        if (found != null) lastFound = found;
        return found;
    }

    /** {@code find_vma(mm, addr)}: the first mapping that ends above {@code addr} (it may start above it), or null. */
    public Vma findVma(long addr) {
        Vma at = vmaAt(addr);
        if (at != null) return at;
        Map.Entry<Long, Vma> next = vmas.ceilingEntry(addr);
        return next == null ? null : next.getValue();
    }

    /** Whether every byte of {@code [start, end)} is mapped (what {@code hmm_range_fault} needs). */
    public boolean isMapped(long start, long end) {
        return isMapped(start, end, EnumSet.allOf(Vma.Kind.class));
    }

    /** Whether every byte of {@code [start, end)} is mapped by VMAs of the given kinds. */
    public boolean isMapped(long start, long end, Set<Vma.Kind> kinds) {
        return isMapped(vmaAt(start), start, end, kinds);
    }

    /**
     * As {@link #isMapped(long, long, Set)} for a caller that already holds {@code first}, the mapping containing
     * {@code start} ({@link #vmaAt}, or null): the walk starts there instead of looking it up again.
     */
    public boolean isMapped(Vma first, long start, long end, Set<Vma.Kind> kinds) {
        if (Long.compareUnsigned(start, end) >= 0 || Long.compareUnsigned(end, TASK_SIZE) > 0) return false;
        long at = start;
        Vma v = first;
        while (v != null && kinds.contains(v.kind())) {
            if (v.end() >= end) return true;
            at = v.end();
            v = vmas.get(at);
        }
        return false;
    }

    /** The 4 KiB pages of the mapped parts of {@code [start, end)}, by backing. */
    public PageCounts pages(long start, long end) {
        long small = 0;
        long huge = 0;
        if (Long.compareUnsigned(start, TASK_SIZE) >= 0) return PageCounts.NONE;
        long to = Long.compareUnsigned(end, TASK_SIZE) > 0 ? TASK_SIZE : end;
        Vma within = vmaAt(start);
        if (within != null && within.end() >= to && start < to) {
            // the common case, a range inside one mapping: no sub-map view to walk
            long pages = (to - start) >>> 12;
            return within.backing() == PageSize.HUGE ? new PageCounts(0, pages) : new PageCounts(pages, 0);
        }
        Map.Entry<Long, Vma> first = vmas.floorEntry(start);
        Long from = first != null && first.getValue().end() > start ? first.getKey() : vmas.ceilingKey(start);
        if (from == null || from >= to) return PageCounts.NONE;
        for (Vma v : vmas.subMap(from, true, to, false).values()) {
            long pages = (Math.min(v.end(), to) - Math.max(v.start(), start)) >>> 12;
            if (v.backing() == PageSize.HUGE) huge += pages;
            else small += pages;
        }
        return new PageCounts(small, huge);
    }

    /**
     * {@code mmu_interval_notifier_insert}: 0, or {@code -EOVERFLOW} when the interval is empty or wraps around
     * the address space.
     */
    public int insertNotifier(MmuIntervalNotifier notifier) {
        if (notifier.isRegistered()) throw new IllegalStateException("notifier is already inserted");
        if (notifier.length() == 0 || Long.compareUnsigned(notifier.last(), notifier.start()) < 0) return Errno.EOVERFLOW.ret();
        notifiers.insert(notifier);
        return 0;
    }

    /** {@code mmu_interval_notifier_remove}. */
    public void removeNotifier(MmuIntervalNotifier notifier) {
        notifiers.remove(notifier);
    }

    /**
     * A host memory event over {@code [start, end)} that keeps the mappings (swap-out, migration): see
     * {@link #invalidate(long, long, boolean, MmuNotifierEvent)} with {@link MmuNotifierEvent#CLEAR}.
     */
    public Invalidation invalidate(long start, long end, boolean blockable) {
        return invalidate(start, end, blockable, MmuNotifierEvent.CLEAR);
    }

    /**
     * Invalidates {@code [start, end)}: calls every intersecting notifier once, in order of start. A notifier
     * refusing a non-blockable invalidation stops it with {@code -EAGAIN}; the remaining notifiers are not called.
     */
    public Invalidation invalidate(long start, long end, boolean blockable, MmuNotifierEvent event) {
        if (Long.compareUnsigned(start, end) >= 0) return new Invalidation(0, 0);
        List<IntervalTree.Node<MmuIntervalNotifier>> hit = notifiers.overlapping(start, end - 1);
        MmuNotifierRange range = new MmuNotifierRange(start, end, blockable, event);
        int notified = 0;
        // mn_itree_inv_start_range makes the sequence odd when any notifier is hit; mn_itree_inv_end makes it even
        if (!hit.isEmpty()) invalidateSeq |= 1;
        try {
            for (IntervalTree.Node<MmuIntervalNotifier> n : hit) {
                notified++;
                if (!n.value().invalidate(range, invalidateSeq) && !blockable) return new Invalidation(Errno.EAGAIN.ret(), notified);
            }
            return new Invalidation(0, notified);
        } finally {
            if ((invalidateSeq & 1) != 0) invalidateSeq++;
        }
    }

    private static long pageAlign(long len) {
        return (len + PAGE - 1) & -PAGE;
    }

    /** Unmaps {@code [start, end)} with munmap's split check and invalidation; 0 or {@code -ENOMEM}. */
    private int unmapRange(long start, long end) {
        Map.Entry<Long, Vma> below = vmas.lowerEntry(end);
        if (below == null || below.getValue().end() <= start) return 0;
        Vma first = vmaAt(start);
        if (first != null && first.start() < start && end < first.end() && vmas.size() >= maxMapCount.getAsLong()) {
            return Errno.ENOMEM.ret();
        }
        invalidate(start, end, true, MmuNotifierEvent.UNMAP);
        removeRange(start, end);
        return 0;
    }

    private void removeRange(long start, long end) {
        lastFound = null;
        List<Vma> touched = new ArrayList<>();
        Map.Entry<Long, Vma> first = vmas.floorEntry(start);
        if (first != null && first.getValue().end() > start) touched.add(first.getValue());
        touched.addAll(vmas.subMap(start, true, end, false).values());
        for (Vma v : touched) {
            vmas.remove(v.start());
            if (v.start() < start) vmas.put(v.start(), v.slice(v.start(), start));
            if (v.end() > end) vmas.put(end, v.slice(end, v.end()));
        }
    }

    private void insertMerging(Vma vma) {
        lastFound = null;
        Vma merged = vma;
        Map.Entry<Long, Vma> prev = vmas.lowerEntry(merged.start());
        if (prev != null && prev.getValue().mergesWith(merged)) {
            vmas.remove(prev.getKey());
            merged = new Vma(prev.getValue().start(), merged.end(), merged.backing(), prev.getValue().pgoff(), merged.kind());
        }
        Vma next = vmas.get(merged.end());
        if (next != null && merged.mergesWith(next)) {
            vmas.remove(next.start());
            merged = new Vma(merged.start(), next.end(), merged.backing(), merged.pgoff(), merged.kind());
        }
        vmas.put(merged.start(), merged);
    }
}
