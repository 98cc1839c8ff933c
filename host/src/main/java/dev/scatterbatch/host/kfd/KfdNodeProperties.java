package dev.scatterbatch.host.kfd;

/**
 * One GPU of the host as KFD's topology describes it ({@code kfd_node_properties}) plus what other processes already
 * use of it: the values the queue, aperture and memory ioctls answer from.
 *
 * @param gpuId            {@code gpu_id}
 * @param vramSize         VRAM in bytes (an APU's carve-out is small)
 * @param apu              an APU: AVAILABLE_MEMORY answers the least of system, TTM and VRAM headroom
 * @param vramUsedByOthers VRAM other processes' KFD BOs already hold
 * @param drmOffsetInUse   bytes of the DRM mmap-offset space other BOs already hold
 * @param renderFd         the process's descriptor of this GPU's render node (ACQUIRE_VM's {@code drm_fd})
 * @param ctlStackSize     {@code ctl_stack_size} CREATE_QUEUE must pass
 * @param cwsrSize         {@code cwsr_size}: the context save area CREATE_QUEUE must pass (at least)
 * @param debugMemorySize  {@code debug_memory_size} following the save area
 * @param eopBufferSize    {@code eop_buffer_size} CREATE_QUEUE must pass (at least)
 * @param xnackSupported   whether the GPU can run with XNACK on ({@code kfd_process_xnack_mode})
 * @param gbAddrConfig     {@code gb_addr_config} GET_TILE_CONFIG reports
 */
public record KfdNodeProperties(int gpuId, long vramSize, boolean apu, long vramUsedByOthers, long drmOffsetInUse,
                                int renderFd, int ctlStackSize, int cwsrSize, int debugMemorySize, int eopBufferSize,
                                boolean xnackSupported, int gbAddrConfig) {

    /** The first render-node descriptor: {@code /dev/kfd} is opened first (3), then one render node per GPU. */
    public static final int FIRST_RENDER_FD = 4;

    /**
     * A discrete GPU with {@code vramSize} of VRAM and the queue sizes of a 96-CU gfx11 part (RX 7900 XTX,
     * {@code kfd_queue_ctx_save_restore_size}): control stack 0xa000, save area 0x2bea000, debug memory 0x18000,
     * EOP 4 KiB; render node {@code FIRST_RENDER_FD + index}.
     */
    public static KfdNodeProperties discrete(int gpuId, long vramSize, int index) {
        return new KfdNodeProperties(gpuId, vramSize, false, 0, 0, FIRST_RENDER_FD + index, 0xa000, 0x2bea000, 0x18000,
                0x1000, false, 0);
    }

    /** Validates sizes. */
    public KfdNodeProperties {
        if (vramSize <= 0) throw new IllegalArgumentException("vram_size of GPU " + gpuId + " must be positive, got " + vramSize);
        if (vramUsedByOthers < 0 || Long.compareUnsigned(vramUsedByOthers, vramSize) > 0) {
            throw new IllegalArgumentException("vram_used_by_others of GPU " + gpuId + " must be between 0 and its VRAM");
        }
        if (drmOffsetInUse < 0 || (drmOffsetInUse & 0xFFF) != 0) {
            throw new IllegalArgumentException("drm_offset_in_use of GPU " + gpuId + " must be a non-negative multiple of 4 KiB");
        }
        if (renderFd < 0) throw new IllegalArgumentException("render_fd of GPU " + gpuId + " must not be negative");
    }
}
