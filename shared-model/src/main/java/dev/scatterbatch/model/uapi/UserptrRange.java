package dev.scatterbatch.model.uapi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code struct kfd_ioctl_userptr_range} (16 bytes) of the batch series: one CPU virtual address range.
 *
 * @param start CPU virtual address
 * @param size  bytes
 */
public record UserptrRange(long start, long size) {

    /** {@code sizeof(struct kfd_ioctl_userptr_range)}. */
    public static final int SIZE = 16;

    /** The bytes of {@code struct kfd_ioctl_userptr_range[ranges.size()]}. */
    public static byte[] encodeArray(List<UserptrRange> ranges) {
        ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(ranges.size(), SIZE)).order(ByteOrder.LITTLE_ENDIAN);
        for (UserptrRange r : ranges) b.putLong(r.start).putLong(r.size);
        return b.array();
    }

    /** The ranges of an array's bytes (a multiple of 16 bytes). */
    public static List<UserptrRange> decodeArray(byte[] bytes) {
        if (bytes.length % SIZE != 0) throw new IllegalArgumentException("a range array is a multiple of 16 bytes, got " + bytes.length);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<UserptrRange> out = new ArrayList<>(bytes.length / SIZE);
        while (b.hasRemaining()) out.add(new UserptrRange(b.getLong(), b.getLong()));
        return out;
    }
}
