package dev.scatterbatch.model.uapi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link UserMemory} made of separately placed buffers: bytes are readable and writable inside a placed buffer and
 * nowhere else. Buffers may not overlap one another or wrap around the end of the address space.
 */
public final class SparseUserMemory implements UserMemory {

    private final TreeMap<Long, byte[]> buffers = new TreeMap<>(Long::compareUnsigned);

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
        Map.Entry<Long, byte[]> below = buffers.floorEntry(last);
        if (below != null && Long.compareUnsigned(below.getKey() + below.getValue().length - 1, address) >= 0) {
            throw new IllegalArgumentException("a buffer at 0x" + Long.toHexString(address) + " overlaps one at 0x" + Long.toHexString(below.getKey()));
        }
        buffers.put(address, bytes.clone());
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
        Map.Entry<Long, byte[]> buffer = containing(address, length);
        if (buffer == null) return null;
        int from = (int) (address - buffer.getKey());
        return Arrays.copyOfRange(buffer.getValue(), from, from + (int) length);
    }

    @Override
    public boolean copyToUser(long address, byte[] bytes) {
        if (bytes.length == 0) return true;
        Map.Entry<Long, byte[]> buffer = containing(address, bytes.length);
        if (buffer == null) return false;
        System.arraycopy(bytes, 0, buffer.getValue(), (int) (address - buffer.getKey()), bytes.length);
        return true;
    }

    private Map.Entry<Long, byte[]> containing(long address, long length) {
        if (length < 0) return null;
        Map.Entry<Long, byte[]> e = buffers.floorEntry(address);
        if (e == null) return null;
        long offset = address - e.getKey();
        return offset >= 0 && length <= e.getValue().length - offset ? e : null;
    }
}
