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
     * The outcome of an allocation and, on success, the work it did (for its cost): CPU ranges faulted, interval
     * notifiers inserted, mmap_lock cycles taken, and pages faulted.
     */
    record Allocation(int ret, KgdMem mem, long ranges, long notifiers, long lockCycles, PageCounts pages) {
        static Allocation failed(int ret) {
            return new Allocation(ret, null, 0, 0, 0, PageCounts.NONE);
        }
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
    Allocation allocMemoryOfGpu(KfdProcessDevice pdd, long va, long size, long offset, int flags) {
        KgdMem.Domain domain;
        boolean userptr = false;
        if ((flags & AllocFlags.VRAM) != 0) {
            domain = KgdMem.Domain.VRAM;
        } else if ((flags & AllocFlags.GTT) != 0) {
            domain = KgdMem.Domain.GTT;
        } else if ((flags & AllocFlags.USERPTR) != 0) {
            if (offset == 0) return Allocation.failed(Errno.EINVAL.ret());
            domain = KgdMem.Domain.GTT;
            userptr = true;
        } else if ((flags & (AllocFlags.DOORBELL | AllocFlags.MMIO_REMAP)) != 0) {
            if (Long.compareUnsigned(size, 0xFFFF_FFFFL) > 0) return Allocation.failed(Errno.EINVAL.ret());
            domain = KgdMem.Domain.GTT;
        } else {
            return Allocation.failed(Errno.EINVAL.ret());
        }
        boolean aql = (flags & AllocFlags.AQL_QUEUE_MEM) != 0;
        long boSize = pageAlign(aql ? size >>> 1 : size);
        int charged = memLimit.charge(pdd.node, boSize, flags, true);
        if (charged != 0) return Allocation.failed(charged);
        // VRAM and GTT BOs are allocated in their domain and must fit its manager; the others start in the CPU domain
        long managerSize = domain == KgdMem.Domain.VRAM ? pdd.node.vramSize()
                : (flags & AllocFlags.GTT) != 0 ? gttSize : 0;
        long mmapOffset = gemCreate(pdd.node, managerSize, boSize);
        if (mmapOffset < 0) {
            memLimit.uncharge(pdd.node, boSize, flags);
            return Allocation.failed((int) mmapOffset);
        }
        UserRangeInfo[] ranges = userptr ? new UserRangeInfo[]{new UserRangeInfo(0, offset, boSize, 0)} : new UserRangeInfo[0];
        KgdMem mem = new KgdMem(pdd, va, boSize, flags, domain, aql, userptr ? UserptrAbi.SINGLE : null, ranges,
                mmapOffset);
        if (!userptr) {
            mem.pages = new PageCounts(boSize >>> 12, 0);
            return new Allocation(0, mem, 0, 0, 0, PageCounts.NONE);
        }
        info.add(mem);
        int ret = initUserPages(mem);
        if (ret != 0) {
            info.remove(mem);
            release(mem);
            return Allocation.failed(ret);
        }
        mem.pages = mm.pages(offset, offset + boSize);
        return new Allocation(0, mem, 1, 1, 1, mem.pages);
    }

    /**
     * {@code amdgpu_amdkfd_gpuvm_alloc_memory_of_gpu_batch}: one GTT userptr BO over {@code ranges} (in order, GPU
     * VA contiguous), its reservation charged with the caller's flags and no memory partition; AQL queue memory is
     * {@code -EINVAL}.
     */
    Allocation allocMemoryOfGpuBatch(KfdProcessDevice pdd, long va, long size, List<UserptrRange> ranges, int flags,
                                     UserptrAbi abi) {
        if ((flags & AllocFlags.AQL_QUEUE_MEM) != 0) return Allocation.failed(Errno.EINVAL.ret());
        long boSize = pageAlign(size);
        int charged = memLimit.charge(pdd.node, boSize, flags, false);
        if (charged != 0) return Allocation.failed(charged);
        long mmapOffset = gemCreate(pdd.node, 0, boSize);
        if (mmapOffset < 0) {
            memLimit.uncharge(pdd.node, boSize, flags);
            return Allocation.failed((int) mmapOffset);
        }
        UserRangeInfo[] infos = new UserRangeInfo[ranges.size()];
        long gpuOffset = 0;
        for (int i = 0; i < infos.length; i++) {
            UserptrRange r = ranges.get(i);
            infos[i] = new UserRangeInfo(i, r.start(), r.size(), gpuOffset);
            gpuOffset += r.size();
        }
        KgdMem mem = new KgdMem(pdd, va, boSize, flags, KgdMem.Domain.GTT, false, abi, infos, mmapOffset);
        info.add(mem);
        int ret = abi == UserptrAbi.BATCH_V2 ? initUserPagesBatchV2(mem) : initUserPagesBatchV4(mem);
        if (ret != 0) {
            info.remove(mem);
            release(mem);
            return Allocation.failed(ret);
        }
        long small = 0;
        long huge = 0;
        for (UserRangeInfo r : infos) {
            PageCounts range = mm.pages(r.start, r.start + r.size);
            small += range.small();
            huge += range.huge();
        }
        PageCounts pages = new PageCounts(small, huge);
        mem.pages = pages;
        // v2: a notifier and an mmap_lock cycle per range; v4: one span notifier, all ranges under one mmap_lock hold
        long perRange = abi == UserptrAbi.BATCH_V2 ? infos.length : 1;
        return new Allocation(0, mem, infos.length, perRange, perRange, pages);
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
        mem.attachments.clear();
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
            for (int i = 0; i <= (mem.aqlQueue ? 1 : 0); i++) mem.attachments.add(new KfdMemAttachment(mem, peer, mem.va + i * mem.boSize));
        }
        for (KfdMemAttachment a : mem.attachments) {
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
        for (KfdMemAttachment a : mem.attachments) {
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
        for (UserRangeInfo r : mem.ranges) if (r.notifier != null) mm.removeNotifier(r.notifier);
    }

    /** {@code init_user_pages}: one notifier over the BO, then the first fault of its pages. */
    private int initUserPages(KgdMem mem) {
        UserRangeInfo range = mem.ranges[0];
        MmuIntervalNotifier notifier = new MmuIntervalNotifier(range.start, range.size, (n, r) -> {
            // amdgpu_hmm_invalidate_hsa refuses to sleep: a non-blockable invalidation is declined
            if (!r.blockable()) return false;
            n.setSeq(mm.invalidateSeq());
            mem.invalidate(range);
            mem.invalid++;
            info.userptrEvicted();
            return true;
        });
        int ret = mm.insertNotifier(notifier);
        if (ret != 0) return ret;
        ret = HmmRangeFault.fault(mm, range.start, range.size, HmmRangeFault.NO_INJECTED_FAULT);
        if (ret != 0) {
            mm.removeNotifier(notifier);
            return ret;
        }
        mem.notifier = notifier;
        return 0;
    }

    /** v2 {@code init_user_pages_batch}: per range, in order, its own notifier then its first fault. */
    private int initUserPagesBatchV2(KgdMem mem) {
        for (UserRangeInfo range : mem.ranges) {
            MmuIntervalNotifier notifier = new MmuIntervalNotifier(range.start, range.size, (n, r) -> {
                n.setSeq(mm.invalidateSeq());
                mem.invalidate(range);
                mem.invalid++;
                info.userptrEvicted();
                return true;
            });
            int ret = mm.insertNotifier(notifier);
            if (ret == 0) {
                range.notifier = notifier;
                ret = HmmRangeFault.fault(mm, range.start, range.size, HmmRangeFault.NO_INJECTED_FAULT);
            }
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
            if (Long.compareUnsigned(r.start, vaMin) < 0) vaMin = r.start;
            if (Long.compareUnsigned(r.start + r.size, vaMax) > 0) vaMax = r.start + r.size;
        }
        IntervalTree<UserRangeInfo> tree = new IntervalTree<>();
        MmuIntervalNotifier notifier = new MmuIntervalNotifier(vaMin, vaMax - vaMin, (n, r) -> {
            // the posted v4 bumps the span's sequence before it looks for a hit range: a gap event moves it too
            n.setSeq(mm.invalidateSeq());
            List<IntervalTree.Node<UserRangeInfo>> hit = tree.overlapping(r.start(), r.end() - 1);
            if (hit.isEmpty()) return true;
            for (IntervalTree.Node<UserRangeInfo> h : hit) mem.invalidate(h.value());
            mem.invalid++;
            info.userptrEvicted();
            return true;
        });
        int ret = mm.insertNotifier(notifier);
        if (ret != 0) return ret;
        for (UserRangeInfo range : mem.ranges) {
            ret = HmmRangeFault.fault(mm, range.start, range.size, HmmRangeFault.NO_INJECTED_FAULT);
            if (ret != 0) {
                mm.removeNotifier(notifier);
                return ret;
            }
        }
        for (UserRangeInfo range : mem.ranges) tree.insert(range.start, range.start + range.size - 1, range);
        mem.notifier = notifier;
        return 0;
    }
}
