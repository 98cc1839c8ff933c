package dev.scatterbatch.host.kfd;

import dev.scatterbatch.host.mm.IntervalTree;
import dev.scatterbatch.host.mm.MmStruct;
import dev.scatterbatch.host.mm.PinnedMemory;
import dev.scatterbatch.host.mm.Vma;
import dev.scatterbatch.model.cost.PinAccounting;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.uapi.Errno;
import dev.scatterbatch.model.uapi.UserptrRange;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The batch series v1's pinned VMAs ({@code svm_pin_user_ranges}, {@code svm_iovec_ops} in {@code kfd_svm.c}): the
 * pages of scattered user ranges, pinned with {@code pin_user_pages_fast(FOLL_WRITE | FOLL_FORCE)}, stand behind one
 * VMA of the caller until that VMA is closed ({@code svm_iovec_close} unpins them). Pins are kept as counts per VMA
 * and its source ranges as extents, never one object per page. The posted v1 charges them to nothing; under
 * {@code pinAccounting: memlock} they count in {@code mm->pinned_vm} against {@code RLIMIT_MEMLOCK}. Host-wide they
 * must fit in what {@link PinnedMemory} leaves.
 */
final class SvmIovecs {

    /** What {@code pin_user_pages_fast} can pin: present anonymous memory (a VM_IO/VM_PFNMAP mapping is -EFAULT). */
    private static final Set<Vma.Kind> PINNABLE = EnumSet.of(Vma.Kind.ANONYMOUS);

    /** One pinned VMA. */
    private static final class Iovec {
        final long vmaStart;
        final long vmaEnd;
        final long pages;
        final boolean accounted;
        final List<IntervalTree.Node<Iovec>> sources = new ArrayList<>();

        Iovec(long vmaStart, long vmaEnd, long pages, boolean accounted) {
            this.vmaStart = vmaStart;
            this.vmaEnd = vmaEnd;
            this.pages = pages;
            this.accounted = accounted;
        }
    }

    private final MmStruct mm;
    private final PinnedMemory host;
    private final TreeMap<Long, Iovec> byVma = new TreeMap<>();
    /** The pinned source ranges (their first and last byte), for host memory events that land on them. */
    private final IntervalTree<Iovec> bySource = new IntervalTree<>();
    /** {@code mm->pinned_vm}, in pages (only under memlock accounting). */
    private long pinnedVm;

    SvmIovecs(MmStruct mm, PinnedMemory host) {
        this.mm = mm;
        this.host = host;
    }

    /**
     * {@code svm_pin_user_ranges(p, start, size, ranges)}: 0, or {@code -errno} with nothing pinned. The VMA is the
     * first one ending above {@code start} ({@code find_vma}); a VMA pinned already answers 0 at once.
     */
    int pin(long start, long size, List<UserptrRange> ranges, TrapCostProfile p) {
        Vma vma = mm.findVma(start);
        if (vma == null) return Errno.EINVAL.ret();
        if (byVma.containsKey(vma.start())) return 0;
        // the posted patch jumps to its error path with ret never set; the model answers -EINVAL there
        if (Long.compareUnsigned(size, vma.length()) > 0) return Errno.EINVAL.ret();
        long npages = 0;
        for (UserptrRange r : ranges) npages += r.size() >>> 12;
        if (npages * 8 > Integer.MAX_VALUE) return Errno.ENOMEM.ret();
        boolean memlock = p.pinAccounting() == PinAccounting.MEMLOCK;
        long pinned = 0;
        for (UserptrRange r : ranges) {
            long n = r.size() >>> 12;
            int ret = pinRange(r.start(), n, memlock, p);
            if (ret != 0) {
                release(pinned, memlock);
                return ret;
            }
            pinned += n;
        }
        // vm_flags_set(VM_IO | VM_PFNMAP) under the mmap write lock: the VMA no longer merges with anonymous neighbours
        mm.mmap(vma.start(), vma.length(), vma.backing(), Vma.Kind.IO);
        Iovec iovec = new Iovec(vma.start(), vma.end(), pinned, memlock);
        for (UserptrRange r : ranges) {
            if (r.size() >= 4096) iovec.sources.add(bySource.insert(r.start(), r.start() + (r.size() & -4096L) - 1, iovec));
        }
        byVma.put(vma.start(), iovec);
        return 0;
    }

    private int pinRange(long addr, long n, boolean memlock, TrapCostProfile p) {
        if (n == 0) return 0;
        if (!mm.isMapped(addr, addr + (n << 12), PINNABLE)) return Errno.EFAULT.ret();
        if (memlock && pinnedVm + n > p.memlockLimitBytes() >>> 12) return Errno.ENOMEM.ret();
        int ret = host.pin(n, p.oversubscribe());
        if (ret != 0) return ret;
        if (memlock) pinnedVm += n;
        return 0;
    }

    private void release(long pages, boolean accounted) {
        host.unpin(pages);
        if (accounted) pinnedVm -= pages;
    }

    /** Whether the VMA starting at {@code vmaStart} holds pinned pages. */
    boolean isIovec(long vmaStart) {
        return byVma.containsKey(vmaStart);
    }

    /** Whether the page at {@code addr} is pinned behind an iovec VMA. */
    boolean isPinned(long addr) {
        return bySource.anyOverlapping(addr, addr);
    }

    /** Every pinned source range, in address order. */
    List<UserptrRange> sources() {
        List<UserptrRange> out = new ArrayList<>();
        bySource.forEach(n -> out.add(new UserptrRange(n.start(), n.last() - n.start() + 1)));
        return out;
    }

    /**
     * {@code svm_iovec_close} for every pinned VMA {@code [start, end)} unmaps part of: its pages are unpinned
     * ({@code unpin_user_pages_dirty_lock}). Returns the pages unpinned.
     */
    long close(long start, long end) {
        long unpinned = 0;
        Map.Entry<Long, Iovec> e = byVma.lowerEntry(end);
        while (e != null && e.getValue().vmaEnd > start) {
            Iovec iovec = e.getValue();
            byVma.remove(e.getKey());
            for (IntervalTree.Node<Iovec> n : iovec.sources) bySource.remove(n);
            release(iovec.pages, iovec.accounted);
            unpinned += iovec.pages;
            e = byVma.lowerEntry(e.getKey());
        }
        return unpinned;
    }

    /** {@code mm->pinned_vm} in pages. */
    long pinnedVm() {
        return pinnedVm;
    }
}
