package dev.scatterbatch.model.uapi;

import java.nio.ByteBuffer;

/**
 * {@code struct kfd_ioctl_map_memory_to_gpu_args} (24 bytes), also the layout of
 * {@code kfd_ioctl_unmap_memory_from_gpu_args}.
 *
 * @param handle            the BO (to KFD)
 * @param deviceIdsArrayPtr user pointer to {@code __u32 gpu_id[nDevices]} (to KFD)
 * @param nDevices          number of devices (to KFD)
 * @param nSuccess          to KFD: index to resume from; from KFD: devices done ({@code == nDevices} on success)
 */
public record MapMemoryToGpuArgs(long handle, long deviceIdsArrayPtr, int nDevices, int nSuccess)
        implements KfdIoctlArgs {

    /** {@code sizeof(struct kfd_ioctl_map_memory_to_gpu_args)}. */
    public static final int SIZE = 24;

    /** These args with KFD's progress written back. */
    public MapMemoryToGpuArgs withNSuccess(int done) {
        return new MapMemoryToGpuArgs(handle, deviceIdsArrayPtr, nDevices, done);
    }

    @Override
    public byte[] encode() {
        return KfdIoctlArgs.newStruct(SIZE).putLong(handle).putLong(deviceIdsArrayPtr).putInt(nDevices)
                .putInt(nSuccess).array();
    }

    /** Decodes the struct from its 24 bytes. */
    public static MapMemoryToGpuArgs decode(byte[] bytes) {
        ByteBuffer b = KfdIoctlArgs.struct(bytes, SIZE, "kfd_ioctl_map_memory_to_gpu_args");
        return new MapMemoryToGpuArgs(b.getLong(), b.getLong(), b.getInt(), b.getInt());
    }
}
