package dev.scatterbatch.model.uapi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * {@code struct kfd_ioctl_userptr_ranges_data} of the batch series v3/v4: an 8-byte header followed by the ranges,
 * placed in user memory at the ALLOC's {@code mmap_offset}. {@code numRanges} is what the header says; user space
 * may lay out fewer ranges than that (the kernel then faults reading them).
 *
 * @param numRanges the header's range count
 * @param reserved  must be 0
 * @param ranges    the ranges laid out after the header
 */
public record UserptrRangesData(int numRanges, int reserved, List<UserptrRange> ranges) {

    /** {@code offsetof(struct kfd_ioctl_userptr_ranges_data, ranges)}. */
    public static final int HEADER_SIZE = 8;

    /** A consistent header for {@code ranges}. */
    public static UserptrRangesData of(List<UserptrRange> ranges) {
        return new UserptrRangesData(ranges.size(), 0, ranges);
    }

    /** Header and ranges as user space lays them out. */
    public byte[] encode() {
        byte[] array = UserptrRange.encodeArray(ranges);
        return ByteBuffer.allocate(HEADER_SIZE + array.length).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(numRanges).putInt(reserved).put(array).array();
    }

    /** The header fields {@code {num_ranges, reserved}} of its 8 bytes. */
    public static int[] decodeHeader(byte[] header) {
        ByteBuffer b = KfdIoctlArgs.struct(header, HEADER_SIZE, "kfd_ioctl_userptr_ranges_data header");
        return new int[]{b.getInt(), b.getInt()};
    }
}
