package dev.scatterbatch.model.uapi;

import java.nio.ByteBuffer;

/**
 * {@code struct kfd_ioctl_alloc_memory_of_gpu_batch_args} of the batch series v2 (48 bytes): one BO over
 * {@code numRanges} CPU ranges read from {@code rangesPtr}, mapped contiguously at {@code vaAddr}.
 *
 * @param vaAddr    contiguous GPU virtual address (to KFD)
 * @param totalSize sum of the range sizes (to KFD)
 * @param handle    the new BO's handle (from KFD)
 * @param rangesPtr user pointer to {@code struct kfd_ioctl_userptr_range[numRanges]} (to KFD)
 * @param numRanges number of ranges (to KFD)
 * @param gpuId     the device (to KFD)
 * @param flags     {@link AllocFlags}; must include USERPTR (to KFD)
 * @param pad       padding, not checked
 */
public record AllocMemoryOfGpuBatchArgs(long vaAddr, long totalSize, long handle, long rangesPtr, int numRanges,
                                        int gpuId, int flags, int pad) implements KfdIoctlArgs {

    /** {@code sizeof(struct kfd_ioctl_alloc_memory_of_gpu_batch_args)}. */
    public static final int SIZE = 48;

    /** The args of a request: handle 0, pad 0. */
    public static AllocMemoryOfGpuBatchArgs request(int gpuId, long vaAddr, long totalSize, long rangesPtr,
                                                    int numRanges, int flags) {
        return new AllocMemoryOfGpuBatchArgs(vaAddr, totalSize, 0, rangesPtr, numRanges, gpuId, flags, 0);
    }

    /** These args as KFD writes them back. */
    public AllocMemoryOfGpuBatchArgs withHandle(long newHandle) {
        return new AllocMemoryOfGpuBatchArgs(vaAddr, totalSize, newHandle, rangesPtr, numRanges, gpuId, flags, pad);
    }

    @Override
    public byte[] encode() {
        return KfdIoctlArgs.newStruct(SIZE).putLong(vaAddr).putLong(totalSize).putLong(handle).putLong(rangesPtr)
                .putInt(numRanges).putInt(gpuId).putInt(flags).putInt(pad).array();
    }

    /** Decodes the struct from its 48 bytes. */
    public static AllocMemoryOfGpuBatchArgs decode(byte[] bytes) {
        ByteBuffer b = KfdIoctlArgs.struct(bytes, SIZE, "kfd_ioctl_alloc_memory_of_gpu_batch_args");
        return new AllocMemoryOfGpuBatchArgs(b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getInt(),
                b.getInt(), b.getInt(), b.getInt());
    }
}
