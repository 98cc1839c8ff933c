package dev.scatterbatch.model.uapi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * {@link UserMemory} made of separately placed buffers: bytes are readable and writable inside a placed buffer and
 * nowhere else. Buffers may not overlap one another or wrap around the end of the address space.
 */
public final class SparseUserMemory implements UserMemory {

    /**
     * The buffers' start addresses in unsigned order, and each one's bytes: a {@code copy_from_user} looks its buffer up
     * by binary search, without boxing the address (MAP and UNMAP copy their device array in on every call).
     */
    private long[] starts = new long[0];
    private byte[][] contents = new byte[0][];

    /**
     * Places {@code bytes} at {@code address}; returns this memory.
     *
     * @throws IllegalArgumentException for NULL, a wrapping buffer or one overlapping an earlier buffer
     */
    public SparseUserMemory place(long address, byte[] bytes) {
        if (address == 0) throw new IllegalArgumentException("nothing can be placed at NULL");
        long last = address + bytes.length - 1;
        if (bytes.length > 0 && Long.compareUnsigned(last, address) < 0) {
            throw new IllegalArgumentException("a buffer at 0x" + Long.toHexString(address) + " would wrap around the address space");
        }
        int below = floor(last);
        if (below >= 0 && Long.compareUnsigned(starts[below] + contents[below].length - 1, address) >= 0) {
            throw new IllegalArgumentException("a buffer at 0x" + Long.toHexString(address) + " overlaps one at 0x" + Long.toHexString(starts[below]));
        }
        // no buffer starts in [address, last]: the new one goes right after the one below its last byte
        int at = below + 1;
        starts = insert(starts, at, address);
        byte[][] grown = new byte[contents.length + 1][];
        System.arraycopy(contents, 0, grown, 0, at);
        grown[at] = bytes.clone();
        System.arraycopy(contents, at, grown, at + 1, contents.length - at);
        contents = grown;
        return this;
    }

    /** Places {@code struct kfd_ioctl_userptr_range[ranges.size()]} at {@code address}. */
    public SparseUserMemory placeRanges(long address, List<UserptrRange> ranges) {
        return place(address, UserptrRange.encodeArray(ranges));
    }

    /** Places a {@code struct kfd_ioctl_userptr_ranges_data} at {@code address}. */
    public SparseUserMemory placeRangesData(long address, UserptrRangesData data) {
        return place(address, data.encode());
    }

    /** Places {@code __u32 values[]} at {@code address} (a MAP's device id array). */
    public SparseUserMemory placeU32s(long address, int[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) b.putInt(v);
        return place(address, b.array());
    }

    @Override
    public byte[] copyFromUser(long address, long length) {
        if (length == 0) return new byte[0];
        int buffer = containing(address, length);
        if (buffer < 0) return null;
        int from = (int) (address - starts[buffer]);
        return Arrays.copyOfRange(contents[buffer], from, from + (int) length);
    }

    @Override
    public boolean copyFromUser(long address, byte[] into, int length) {
        if (length == 0) return true;
        int buffer = containing(address, length);
        if (buffer < 0) return false;
        System.arraycopy(contents[buffer], (int) (address - starts[buffer]), into, 0, length);
        return true;
    }

    @Override
    public boolean copyToUser(long address, byte[] bytes) {
        if (bytes.length == 0) return true;
        int buffer = containing(address, bytes.length);
        if (buffer < 0) return false;
        System.arraycopy(bytes, 0, contents[buffer], (int) (address - starts[buffer]), bytes.length);
        return true;
    }

    /** The index of the buffer holding all of {@code [address, address + length)}, or -1. */
    private int containing(long address, long length) {
        if (length < 0) return -1;
        int i = floor(address);
        if (i < 0) return -1;
        long offset = address - starts[i];
        return offset >= 0 && length <= contents[i].length - offset ? i : -1;
    }

    /** The index of the buffer with the highest start at or below {@code address} (unsigned), or -1. */
    private int floor(long address) {
        int lo = 0;
        int hi = starts.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(starts[mid], address) <= 0) lo = mid + 1;
            else hi = mid - 1;
        }
        return hi;
    }

    private static long[] insert(long[] values, int at, long value) {
        long[] out = new long[values.length + 1];
        System.arraycopy(values, 0, out, 0, at);
        out[at] = value;
        System.arraycopy(values, at, out, at + 1, values.length - at);
        return out;
    }
}
