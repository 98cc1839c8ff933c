package dev.scatterbatch.host.kfd;

import dev.scatterbatch.host.mm.IntervalTree;
import dev.scatterbatch.host.mm.MmStruct;
import dev.scatterbatch.host.mm.MmuIntervalNotifier;
import dev.scatterbatch.host.mm.PageCounts;
import dev.scatterbatch.model.uapi.AllocFlags;
import dev.scatterbatch.model.uapi.Errno;
import dev.scatterbatch.model.uapi.UserptrRange;

import java.util.List;

/**
 * The amdgpu side of KFD memory ({@code amdgpu_amdkfd_gpuvm.c}): BO creation with domain choice, memory-limit
 * reservation and mmap offset, userptr initialisation (notifiers and first page fault) for single and batch BOs,
 * free, and mapping into one device's VM. Every failure unwinds what it did: no notifier, reservation, offset or
 * list entry survives a failed allocation (the intended semantics of the batch series, where v2 as posted leaks
 * notifiers).
 */
final class AmdgpuAmdkfdGpuvm {

    private static final long PAGE = 4096;

    /**
     * The outcome of an allocation: the new BO ({@link KgdMem}, as {@code *mem} of the kernel's function), or the
     * errno it failed with. The work a successful one did (ranges faulted, notifiers inserted, mmap_lock cycles,
     * pages faulted) follows from the BO's ABI, ranges and pages, so success allocates nothing beyond the BO.
     */
    sealed interface Allocated permits KgdMem, Failed {
    }

    /** A failed allocation: {@code ret} is its {@code -errno}; nothing of it is kept. */
    record Failed(int ret) implements Allocated {
    }

    private final KfdMemLimit memLimit;
    private final long gttSize;
    private final MmStruct mm;
    private final AmdkfdProcessInfo info;

    AmdgpuAmdkfdGpuvm(KfdMemLimit memLimit, long gttSize, MmStruct mm, AmdkfdProcessInfo info) {
        this.memLimit = memLimit;
        this.gttSize = gttSize;
        this.mm = mm;
        this.info = info;
    }

    private static long pageAlign(long size) {
        return (size + PAGE - 1) & -PAGE;
    }

    /**
     * {@code amdgpu_amdkfd_gpuvm_alloc_memory_of_gpu}: the domain is VRAM, else GTT, else a userptr at
     * {@code offset} (refused when 0), else a DOORBELL/MMIO_REMAP page; no domain is {@code -EINVAL}.
     */
    Allocated allocMemoryOfGpu(KfdProcessDevice pdd, long va, long size, long offset, int flags) {
        KgdMem.Domain domain;
        boolean userptr = false;
        if ((flags & AllocFlags.VRAM) != 0) {
            domain = KgdMem.Domain.VRAM;
        } else if ((flags & AllocFlags.GTT) != 0) {
            domain = KgdMem.Domain.GTT;
        } else if ((flags & AllocFlags.USERPTR) != 0) {
            if (offset == 0) return new Failed(Errno.EINVAL.ret());
            domain = KgdMem.Domain.GTT;
            userptr = true;
        } else if ((flags & (AllocFlags.DOORBELL | AllocFlags.MMIO_REMAP)) != 0) {
            if (Long.compareUnsigned(size, 0xFFFF_FFFFL) > 0) return new Failed(Errno.EINVAL.ret());
            domain = KgdMem.Domain.GTT;
        } else {
            return new Failed(Errno.EINVAL.ret());
        }
        boolean aql = (flags & AllocFlags.AQL_QUEUE_MEM) != 0;
        long boSize = pageAlign(aql ? size >>> 1 : size);
        int charged = memLimit.charge(pdd.node, boSize, flags, true);
        if (charged != 0) return new Failed(charged);
        // VRAM and GTT BOs are allocated in their domain and must fit its manager; the others start in the CPU domain
        long managerSize = domain == KgdMem.Domain.VRAM ? pdd.node.vramSize()
                : (flags & AllocFlags.GTT) != 0 ? gttSize : 0;
        long mmapOffset = gemCreate(pdd.node, managerSize, boSize);
        if (mmapOffset < 0) {
            memLimit.uncharge(pdd.node, boSize, flags);
            return new Failed((int) mmapOffset);
        }
        KgdMem mem = new KgdMem(pdd, va, boSize, flags, aql, userptr ? UserptrAbi.SINGLE : null,
                userptr ? 1 : 0, mmapOffset);
        if (!userptr) {
            mem.setPages(boSize >>> 12, 0);
            return mem;
        }
        mem.addRange(0, offset, boSize, 0);
        info.add(mem);
        int ret = initUserPages(mem);
        if (ret != 0) {
            info.remove(mem);
            release(mem);
            return new Failed(ret);
        }
        PageCounts pages = mm.pages(offset, offset + boSize);
        mem.setPages(pages.small(), pages.huge());
        return mem;
    }

    /**
     * {@code amdgpu_amdkfd_gpuvm_alloc_memory_of_gpu_batch}: one GTT userptr BO over {@code ranges} (in order, GPU
     * VA contiguous), its reservation charged with the caller's flags and no memory partition; AQL queue memory is
     * {@code -EINVAL}.
     */
    Allocated allocMemoryOfGpuBatch(KfdProcessDevice pdd, long va, long size, List<UserptrRange> ranges, int flags,
                                     UserptrAbi abi) {
        if ((flags & AllocFlags.AQL_QUEUE_MEM) != 0) return new Failed(Errno.EINVAL.ret());
        long boSize = pageAlign(size);
        int charged = memLimit.charge(pdd.node, boSize, flags, false);
        if (charged != 0) return new Failed(charged);
        long mmapOffset = gemCreate(pdd.node, 0, boSize);
        if (mmapOffset < 0) {
            memLimit.uncharge(pdd.node, boSize, flags);
            return new Failed((int) mmapOffset);
        }
        KgdMem mem = new KgdMem(pdd, va, boSize, flags, false, abi, ranges.size(), mmapOffset);
        long gpuOffset = 0;
        for (int i = 0; i < ranges.size(); i++) {
            UserptrRange r = ranges.get(i);
            mem.addRange(i, r.start(), r.size(), gpuOffset);
            gpuOffset += r.size();
        }
        info.add(mem);
        int ret = abi == UserptrAbi.BATCH_V2 ? initUserPagesBatchV2(mem) : initUserPagesBatchV4(mem);
        if (ret != 0) {
            info.remove(mem);
            release(mem);
            return new Failed(ret);
        }
        long small = 0;
        long huge = 0;
        for (UserRangeInfo r : mem.ranges) {
            PageCounts range = mm.pages(r.start(), r.start() + r.size());
            small += range.small();
            huge += range.huge();
        }
        mem.setPages(small, huge);
        return mem;
    }

    /**
     * {@code amdgpu_amdkfd_gpuvm_free_memory_of_gpu}: {@code -EBUSY} while mapped; else the BO's notifiers, lists,
     * mmap offset and memory-limit reservation go.
     */
    int freeMemoryOfGpu(KgdMem mem) {
        if (mem.mappedToGpuMemory > 0) return Errno.EBUSY.ret();
        if (mem.isUserptr()) {
            info.remove(mem);
            removeNotifiers(mem);
        }
        mem.attachments = null;
        release(mem);
        return 0;
    }

    /**
     * {@code amdgpu_amdkfd_gpuvm_map_memory_to_gpu} for one VM: attaches the BO (twice for AQL queue memory, the
     * second copy right after the first) and maps every attachment not mapped yet. An invalid userptr (invalidated,
     * or not validated since its restore) gets its VA mapping but no page-table entries.
     *
     * @return 0, or {@code -EINVAL} from the VM when the VA range is bad or taken
     */
    int mapMemoryToGpu(KgdMem mem, KfdProcessDevice peer) {
        boolean invalidUserptr = mem.isUserptr() && (mem.invalid != 0 || !mem.validated);
        if (!mem.attachedTo(peer)) {
            for (int i = 0; i <= (mem.aqlQueue ? 1 : 0); i++) mem.attach(new KfdMemAttachment(mem, peer, mem.va + i * mem.boSize));
        }
        for (KfdMemAttachment a = mem.attachments; a != null; a = a.next) {
            if (a.pdd != peer || a.isMapped) continue;
            int ret = peer.vm.map(a);
            if (ret != 0) return ret;
            a.isMapped = true;
            a.ptesValid = !invalidUserptr;
            mem.mappedToGpuMemory++;
        }
        return 0;
    }

    /**
     * {@code amdgpu_amdkfd_gpuvm_unmap_memory_from_gpu} for one VM: {@code -EINVAL} when not mapped there,
     * {@code -EBUSY} from {@code unmap_bo_from_gpuvm} at the first mapping a user queue still references.
     */
    int unmapMemoryFromGpu(KgdMem mem, KfdProcessDevice peer) {
        boolean any = false;
        for (KfdMemAttachment a = mem.attachments; a != null; a = a.next) {
            if (a.pdd != peer || !a.isMapped) continue;
            if (a.queueRefcount > 0) return Errno.EBUSY.ret();
            any = true;
            peer.vm.unmap(a);
            a.isMapped = false;
            a.ptesValid = false;
            mem.mappedToGpuMemory--;
        }
        return any ? 0 : Errno.EINVAL.ret();
    }

    /**
     * GEM/TTM BO creation: {@code amdgpu_bo_validate_size} ({@code -ENOMEM} unless the BO is smaller than its
     * domain's manager, {@code managerSize}; 0 for BOs created in the CPU domain), then the BO's mmap offset.
     * Returns the offset or {@code -ENOMEM}/{@code -ENOSPC}.
     */
    private long gemCreate(KfdNode node, long managerSize, long boSize) {
        if (managerSize != 0 && Long.compareUnsigned(boSize, managerSize) >= 0) return Errno.ENOMEM.ret();
        long offset = node.mmapOffsets().allocate(boSize >>> 12);
        return offset < 0 ? Errno.ENOSPC.ret() : offset;
    }

    /** Drops the BO's mmap offset and reservation (the GEM release path). */
    private void release(KgdMem mem) {
        mem.pdd.node.mmapOffsets().free(mem.drmMmapOffset, mem.boSize >>> 12);
        memLimit.uncharge(mem.pdd.node, mem.boSize, mem.allocFlags);
    }

    private void removeNotifiers(KgdMem mem) {
        if (mem.notifier != null) mm.removeNotifier(mem.notifier);
        if (mem.userptr == UserptrAbi.BATCH_V2) {
            for (UserRangeInfo r : mem.ranges) if (r.isRegistered()) mm.removeNotifier(r);
        }
    }

    /** {@code init_user_pages}: the range's notifier over the BO, then the first fault of its pages. */
    private int initUserPages(KgdMem mem) {
        UserRangeInfo range = mem.ranges[0];
        int ret = mm.insertNotifier(range);
        if (ret != 0) return ret;
        ret = HmmRangeFault.fault(mm, range.start(), range.size(), HmmRangeFault.NO_INJECTED_FAULT);
        if (ret != 0) {
            mm.removeNotifier(range);
            return ret;
        }
        mem.notifier = range;
        return 0;
    }

    /** v2 {@code init_user_pages_batch}: per range, in order, its notifier then its first fault. */
    private int initUserPagesBatchV2(KgdMem mem) {
        for (UserRangeInfo range : mem.ranges) {
            int ret = mm.insertNotifier(range);
            if (ret == 0) ret = HmmRangeFault.fault(mm, range.start(), range.size(), HmmRangeFault.NO_INJECTED_FAULT);
            if (ret != 0) {
                removeNotifiers(mem);
                return ret;
            }
        }
        return 0;
    }

    /**
     * v3/v4 {@code init_user_pages_batch}: one notifier over {@code [min start, max end)}, then each range's first
     * fault; the interval tree of ranges decides at invalidation whether any range was hit (a hit in a gap between
     * ranges evicts nothing, but v4's {@code amdgpu_amdkfd_evict_userptr_batch} has already moved the span's
     * sequence, so a restore that read it before fails its confirmation).
     */
    private int initUserPagesBatchV4(KgdMem mem) {
        long vaMin = -1L;
        long vaMax = 0;
        for (UserRangeInfo r : mem.ranges) {
            if (Long.compareUnsigned(r.start(), vaMin) < 0) vaMin = r.start();
            if (Long.compareUnsigned(r.start() + r.size(), vaMax) > 0) vaMax = r.start() + r.size();
        }
        IntervalTree<UserRangeInfo> tree = new IntervalTree<>();
        MmuIntervalNotifier notifier = new MmuIntervalNotifier(vaMin, vaMax - vaMin, (n, r) -> {
            // the posted v4 bumps the span's sequence before it looks for a hit range: a gap event moves it too
            n.setSeq(mm.invalidateSeq());
            List<IntervalTree.Node<UserRangeInfo>> hit = tree.overlapping(r.start(), r.end() - 1);
            if (hit.isEmpty()) return true;
            for (IntervalTree.Node<UserRangeInfo> h : hit) mem.invalidate(h.value());
            mem.evicted();
            return true;
        });
        int ret = mm.insertNotifier(notifier);
        if (ret != 0) return ret;
        for (UserRangeInfo range : mem.ranges) {
            ret = HmmRangeFault.fault(mm, range.start(), range.size(), HmmRangeFault.NO_INJECTED_FAULT);
            if (ret != 0) {
                mm.removeNotifier(notifier);
                return ret;
            }
        }
        for (UserRangeInfo range : mem.ranges) tree.insert(range.start(), range.start() + range.size() - 1, range);
        mem.notifier = notifier;
        return 0;
    }
}
