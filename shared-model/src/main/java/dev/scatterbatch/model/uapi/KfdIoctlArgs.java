package dev.scatterbatch.model.uapi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An ioctl argument struct. Fields are the C fields in order; {@code __u64} is a {@code long} and {@code __u32} an
 * {@code int}, both holding the C bit pattern (read them unsigned). {@link #encode()} gives the struct's exact bytes
 * (little endian, as on x86-64).
 */
public sealed interface KfdIoctlArgs
        permits AllocMemoryOfGpuArgs, AllocMemoryOfGpuBatchArgs, FreeMemoryOfGpuArgs, MapMemoryToGpuArgs,
        GetVersionArgs, AvailableMemoryArgs, SvmArgs, SvmRangesArgs, KfdIoctlStruct {

    /** The struct's bytes as user space lays them out. */
    byte[] encode();

    /** A little-endian buffer of {@code size} zero bytes for encoding. */
    static ByteBuffer newStruct(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * A little-endian view of exactly {@code size} bytes for decoding.
     *
     * @throws IllegalArgumentException when {@code bytes} has another length
     */
    static ByteBuffer struct(byte[] bytes, int size, String name) {
        if (bytes.length != size) {
            throw new IllegalArgumentException(name + " is " + size + " bytes, got " + bytes.length);
        }
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
}
