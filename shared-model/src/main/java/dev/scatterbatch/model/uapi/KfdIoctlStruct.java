package dev.scatterbatch.model.uapi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An ioctl argument struct held as its bytes and read or written by C field name through its
 * {@link KfdStructLayout}. Values are the C bit patterns widened to {@code long}: a {@code __u32} reads as
 * 0..2^32-1, an {@code __s32} sign-extended.
 */
public final class KfdIoctlStruct implements KfdIoctlArgs {

    private final KfdStructLayout layout;
    private final ByteBuffer data;

    /**
     * The struct with {@code bytes} (exactly {@code layout.size()} of them; copied).
     *
     * @throws IllegalArgumentException on another length
     */
    public KfdIoctlStruct(KfdStructLayout layout, byte[] bytes) {
        this.layout = layout;
        this.data = KfdIoctlArgs.struct(bytes.clone(), layout.size(), layout.cName());
    }

    /** An all-zero struct. */
    public static KfdIoctlStruct zeroed(KfdStructLayout layout) {
        return new KfdIoctlStruct(layout, new byte[layout.size()]);
    }

    /** The layout. */
    public KfdStructLayout layout() {
        return layout;
    }

    /** The value of field {@code name}. */
    public long get(String name) {
        KfdStructLayout.Field f = field(name);
        if (f.width() == 8) return data.getLong(f.offset());
        int v = data.getInt(f.offset());
        return f.signed() ? v : Integer.toUnsignedLong(v);
    }

    /** Field {@code name} as a 32-bit C value (its bit pattern). */
    public int getInt(String name) {
        return (int) get(name);
    }

    /** Sets field {@code name} to {@code value} (truncated to the field's width); returns this struct. */
    public KfdIoctlStruct set(String name, long value) {
        KfdStructLayout.Field f = field(name);
        if (f.width() == 8) data.putLong(f.offset(), value);
        else data.putInt(f.offset(), (int) value);
        return this;
    }

    private KfdStructLayout.Field field(String name) {
        KfdStructLayout.Field f = layout.field(name);
        if (f == null) throw new IllegalArgumentException(layout.cName() + " has no field " + name);
        return f;
    }

    /** The bytes {@code [offset, offset + length)} (an embedded array). */
    public byte[] slice(int offset, int length) {
        return Arrays.copyOfRange(data.array(), offset, offset + length);
    }

    /** Writes {@code bytes} at {@code offset} (an embedded array). */
    public void put(int offset, byte[] bytes) {
        System.arraycopy(bytes, 0, data.array(), offset, bytes.length);
    }

    @Override
    public byte[] encode() {
        return data.array().clone();
    }

    /** A little-endian view of a byte array, for embedded arrays of structs. */
    public static ByteBuffer littleEndian(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
}
