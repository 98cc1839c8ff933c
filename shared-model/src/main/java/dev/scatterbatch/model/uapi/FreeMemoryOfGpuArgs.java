package dev.scatterbatch.model.uapi;

/**
 * {@code struct kfd_ioctl_free_memory_of_gpu_args} (8 bytes).
 *
 * @param handle the BO to free (to KFD)
 */
public record FreeMemoryOfGpuArgs(long handle) implements KfdIoctlArgs {

    /** {@code sizeof(struct kfd_ioctl_free_memory_of_gpu_args)}. */
    public static final int SIZE = 8;

    @Override
    public byte[] encode() {
        return KfdIoctlArgs.newStruct(SIZE).putLong(handle).array();
    }

    /** Decodes the struct from its 8 bytes. */
    public static FreeMemoryOfGpuArgs decode(byte[] bytes) {
        return new FreeMemoryOfGpuArgs(KfdIoctlArgs.struct(bytes, SIZE, "kfd_ioctl_free_memory_of_gpu_args").getLong());
    }
}
