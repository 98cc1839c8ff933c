package dev.scatterbatch.host.kfd;

import dev.scatterbatch.model.uapi.AllocFlags;
import dev.scatterbatch.model.uapi.Errno;

/**
 * {@code kfd_mem_limit} and the VRAM accounting of {@code amdgpu_amdkfd_reserve_mem_limit}: host-wide system and
 * TTM usage against limits derived from host RAM, and per-device VRAM usage against the device's VRAM.
 */
final class KfdMemLimit {

    /** {@code AMDGPU_RESERVE_MEM_LIMIT}: 1.5 GiB kept for the rest of the system. */
    static final long RESERVE_MEM_LIMIT = 3L << 29;
    /** {@code VRAM_AVAILABLITY_ALIGN}: VRAM availability is counted in 2 MiB steps. */
    static final long VRAM_AVAILABILITY_ALIGN = 2L << 20;
    /** {@code AMDGPU_VM_RESERVED_VRAM}: the least VRAM kept for page tables. */
    private static final long VM_RESERVED_VRAM = 8L << 20;

    /**
     * What one allocation is charged; {@code ret != 0} means the reservation was refused and nothing was charged.
     */
    record Reservation(int ret, KfdNode node, long system, long ttm, long vram) {
    }

    private final long maxSystemMemLimit;
    private final long maxTtmMemLimit;
    private final long reservedForPageTables;
    private final boolean noSystemMemLimit;
    private long systemMemUsed;
    private long ttmMemUsed;

    KfdMemLimit(long hostRam, long totalVram, boolean noSystemMemLimit) {
        this.maxSystemMemLimit = maxSystemMemLimit(hostRam);
        // TTM's default page limit is half of RAM
        this.maxTtmMemLimit = hostRam / 2;
        // ESTIMATE_PT_SIZE(amdgpu_amdkfd_total_mem_size): RAM plus all VRAM, / 16384, at least 8 MiB
        this.reservedForPageTables = Math.max((hostRam + totalVram) >>> 14, VM_RESERVED_VRAM);
        this.noSystemMemLimit = noSystemMemLimit;
    }

    /** {@code RAM - RAM/64}, then {@code - 1.5 GiB}, or halved when that leaves less than 3 GiB. */
    static long maxSystemMemLimit(long hostRam) {
        long m = hostRam - (hostRam >>> 6);
        return m < 2 * RESERVE_MEM_LIMIT ? m >>> 1 : m - RESERVE_MEM_LIMIT;
    }

    long maxSystemMemLimit() {
        return maxSystemMemLimit;
    }

    long systemMemUsed() {
        return systemMemUsed;
    }

    long ttmMemUsed() {
        return ttmMemUsed;
    }

    /** VRAM of {@code node} still available to KFD ({@code amdgpu_amdkfd_get_available_memory}). */
    long availableVram(KfdNode node) {
        long available = node.vramSize() - node.vramUsedAligned - reservedForPageTables;
        long vram = Math.max(0, available) & -VRAM_AVAILABILITY_ALIGN;
        if (!node.isApu()) return vram;
        // an APU's VRAM is carved out of system memory: the least headroom of the three, in whole pages
        long system = noSystemMemLimit ? Long.MAX_VALUE : Math.max(0, maxSystemMemLimit - systemMemUsed);
        long ttm = Math.max(0, maxTtmMemLimit - ttmMemUsed);
        return Math.min(Math.min(system, ttm), Math.max(0, available)) & -4096L;
    }

    /**
     * {@code amdgpu_amdkfd_reserve_mem_limit(adev, size, flags, xcp_id)}: GTT is charged to system and TTM memory,
     * else VRAM to the device (refused with {@code -EINVAL} without a partition, as the batch path passes
     * {@code xcp_id = -1}), else USERPTR to system memory; DOORBELL/MMIO_REMAP are not charged.
     */
    Reservation reserve(KfdNode node, long size, int flags, boolean hasPartition) {
        int ret = charge(node, size, flags, hasPartition);
        if (ret != 0) return new Reservation(ret, null, 0, 0, 0);
        return new Reservation(0, node, systemCharge(size, flags), ttmCharge(size, flags), vramCharge(size, flags));
    }

    /**
     * {@link #reserve} for a caller that keeps {@code size} and {@code flags} anyway (a BO does): 0 or
     * {@code -errno}, and no record of the charges, which {@link #uncharge} works out again from the same two.
     */
    int charge(KfdNode node, long size, int flags, boolean hasPartition) {
        if ((flags & (AllocFlags.GTT | AllocFlags.VRAM)) == AllocFlags.VRAM && !hasPartition) return Errno.EINVAL.ret();
        if ((flags & (AllocFlags.GTT | AllocFlags.VRAM | AllocFlags.USERPTR | AllocFlags.DOORBELL | AllocFlags.MMIO_REMAP)) == 0) {
            return Errno.ENOMEM.ret();
        }
        long system = systemCharge(size, flags);
        long ttm = ttmCharge(size, flags);
        long vram = vramCharge(size, flags);
        if (Long.compareUnsigned(systemMemUsed + system, maxSystemMemLimit) > 0 && !noSystemMemLimit) return Errno.ENOMEM.ret();
        if (Long.compareUnsigned(ttmMemUsed + ttm, maxTtmMemLimit) > 0) return Errno.ENOMEM.ret();
        if (vram != 0 && Long.compareUnsigned(node.vramUsed + vram, node.vramSize() - reservedForPageTables) > 0) {
            return Errno.ENOMEM.ret();
        }
        systemMemUsed += system;
        ttmMemUsed += ttm;
        node.vramUsed += vram;
        node.vramUsedAligned += alignUp(vram, VRAM_AVAILABILITY_ALIGN);
        return 0;
    }

    /** {@code amdgpu_amdkfd_unreserve_mem_limit}: returns what {@link #charge} charged for {@code size} and {@code flags}. */
    void uncharge(KfdNode node, long size, int flags) {
        release(node, systemCharge(size, flags), ttmCharge(size, flags), vramCharge(size, flags));
    }

    /** {@code amdgpu_amdkfd_unreserve_mem_limit}: returns what {@code r} charged. */
    void unreserve(Reservation r) {
        release(r.node(), r.system(), r.ttm(), r.vram());
    }

    private void release(KfdNode node, long system, long ttm, long vram) {
        systemMemUsed -= system;
        ttmMemUsed -= ttm;
        node.vramUsed -= vram;
        node.vramUsedAligned -= alignUp(vram, VRAM_AVAILABILITY_ALIGN);
    }

    /** System memory a reservation of {@code size} with {@code flags} charges: GTT and USERPTR (GTT first, then VRAM). */
    static long systemCharge(long size, int flags) {
        if ((flags & AllocFlags.GTT) != 0) return size;
        if ((flags & AllocFlags.VRAM) != 0) return 0;
        return (flags & AllocFlags.USERPTR) != 0 ? size : 0;
    }

    private static long ttmCharge(long size, int flags) {
        return (flags & AllocFlags.GTT) != 0 ? size : 0;
    }

    private static long vramCharge(long size, int flags) {
        return (flags & (AllocFlags.GTT | AllocFlags.VRAM)) == AllocFlags.VRAM ? size : 0;
    }

    private static long alignUp(long v, long align) {
        return (v + align - 1) & -align;
    }
}
