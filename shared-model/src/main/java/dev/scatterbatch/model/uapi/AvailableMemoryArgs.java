package dev.scatterbatch.model.uapi;

import java.nio.ByteBuffer;

/**
 * {@code struct kfd_ioctl_get_available_memory_args} (16 bytes).
 *
 * @param available VRAM still available to KFD on the device, bytes (from KFD)
 * @param gpuId     the device (to KFD)
 * @param pad       padding
 */
public record AvailableMemoryArgs(long available, int gpuId, int pad) implements KfdIoctlArgs {

    /** {@code sizeof(struct kfd_ioctl_get_available_memory_args)}. */
    public static final int SIZE = 16;

    @Override
    public byte[] encode() {
        return KfdIoctlArgs.newStruct(SIZE).putLong(available).putInt(gpuId).putInt(pad).array();
    }

    /** Decodes the struct from its 16 bytes. */
    public static AvailableMemoryArgs decode(byte[] bytes) {
        ByteBuffer b = KfdIoctlArgs.struct(bytes, SIZE, "kfd_ioctl_get_available_memory_args");
        return new AvailableMemoryArgs(b.getLong(), b.getInt(), b.getInt());
    }
}
