package dev.scatterbatch.model.uapi;

import java.nio.ByteBuffer;

/**
 * {@code struct kfd_ioctl_alloc_memory_of_gpu_args} (40 bytes). For a userptr {@code mmapOffset} carries the CPU
 * address in and the BO's mmap offset out; with the v3/v4 {@code USERPTR_BATCH} flag it points at a
 * {@link UserptrRangesData}.
 *
 * @param vaAddr     GPU virtual address (to KFD)
 * @param size       size in bytes (to KFD)
 * @param handle     the new BO's handle (from KFD)
 * @param mmapOffset to KFD: userptr CPU address or ranges data pointer; from KFD: mmap offset
 * @param gpuId      the device (to KFD)
 * @param flags      {@link AllocFlags} (to KFD)
 */
public record AllocMemoryOfGpuArgs(long vaAddr, long size, long handle, long mmapOffset, int gpuId, int flags)
        implements KfdIoctlArgs {

    /** {@code sizeof(struct kfd_ioctl_alloc_memory_of_gpu_args)}. */
    public static final int SIZE = 40;

    /** The args of a request: handle 0. */
    public static AllocMemoryOfGpuArgs request(int gpuId, long vaAddr, long size, long mmapOffset, int flags) {
        return new AllocMemoryOfGpuArgs(vaAddr, size, 0, mmapOffset, gpuId, flags);
    }

    /** These args as KFD writes them back. */
    public AllocMemoryOfGpuArgs withResult(long newHandle, long newMmapOffset) {
        return new AllocMemoryOfGpuArgs(vaAddr, size, newHandle, newMmapOffset, gpuId, flags);
    }

    @Override
    public byte[] encode() {
        return KfdIoctlArgs.newStruct(SIZE).putLong(vaAddr).putLong(size).putLong(handle).putLong(mmapOffset)
                .putInt(gpuId).putInt(flags).array();
    }

    /** Decodes the struct from its 40 bytes. */
    public static AllocMemoryOfGpuArgs decode(byte[] bytes) {
        ByteBuffer b = KfdIoctlArgs.struct(bytes, SIZE, "kfd_ioctl_alloc_memory_of_gpu_args");
        return new AllocMemoryOfGpuArgs(b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getInt(), b.getInt());
    }
}
