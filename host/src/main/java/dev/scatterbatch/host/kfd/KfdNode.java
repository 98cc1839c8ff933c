package dev.scatterbatch.host.kfd;

import dev.scatterbatch.host.sync.BusyCalendar;

/**
 * One GPU as the driver sees it ({@code kfd_node} with its {@code amdgpu_device}): identity, VRAM and its KFD
 * usage, the DRM mmap-offset space its BOs take offsets from, and its device-wide queues. Shared by every process
 * using the GPU.
 */
final class KfdNode {

    /**
     * {@code kfd_doorbell_process_slice}: a process's doorbell page range on SOC15 parts, 8-byte doorbells for
     * 1024 queues.
     */
    static final long DOORBELL_PROCESS_SLICE = 8 * 1024;

    private final int gpuId;
    private final long vramSize;
    private final boolean largeBar;
    private final boolean apu;
    private final DrmVmaOffsetManager mmapOffsets = new DrmVmaOffsetManager();
    /** The KIQ every TLB flush of every process goes through, FIFO ({@code amdgpu_gmc_flush_gpu_tlb_pasid}). */
    final BusyCalendar kiq = new BusyCalendar();
    /** The SDMA rings page-table updates run on when VMs do not update by CPU ({@code vm_manager.vm_pte_scheds}). */
    final BusyCalendar sdmaRings = new BusyCalendar();
    long vramUsed;
    long vramUsedAligned;

    KfdNode(int gpuId, long vramSize, boolean largeBar, boolean apu) {
        this.gpuId = gpuId;
        this.vramSize = vramSize;
        this.largeBar = largeBar;
        this.apu = apu;
    }

    boolean isApu() {
        return apu;
    }

    int gpuId() {
        return gpuId;
    }

    long vramSize() {
        return vramSize;
    }

    boolean isLargeBar() {
        return largeBar;
    }

    DrmVmaOffsetManager mmapOffsets() {
        return mmapOffsets;
    }
}
