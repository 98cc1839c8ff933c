package dev.scatterbatch.model.uapi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The C layout of one KFD ioctl argument struct as {@code include/uapi/linux/kfd_ioctl.h} declares it on x86-64:
 * its scalar fields in order with their offsets, widths and whether the kernel reads them, writes them or both.
 * Lets one generic {@link KfdIoctlStruct} carry every struct the model has no record type for.
 */
public final class KfdStructLayout {

    /** Who reads and writes a field, seen from the kernel. */
    public enum Access {
        /** Read by the kernel (to KFD). */
        IN,
        /** Written by the kernel (from KFD). */
        OUT,
        /** Read and rewritten by the kernel. */
        IN_OUT,
        /** Padding: neither. */
        PAD;

        /** Whether the kernel writes the field. */
        public boolean isOutput() {
            return this == OUT || this == IN_OUT;
        }
    }

    /**
     * One scalar field.
     *
     * @param name   the C field name
     * @param offset byte offset in the struct
     * @param width  4 or 8 bytes
     * @param signed whether the C type is signed ({@code __s32})
     * @param access who reads and writes it
     */
    public record Field(String name, int offset, int width, boolean signed, Access access) {
    }

    private final String cName;
    private final Map<String, Field> fields;
    private final int size;

    private KfdStructLayout(String cName, Map<String, Field> fields, int size) {
        this.cName = cName;
        this.fields = Collections.unmodifiableMap(fields);
        this.size = size;
    }

    /** {@code struct NAME}. */
    public String cName() {
        return cName;
    }

    /** {@code sizeof} the struct. */
    public int size() {
        return size;
    }

    /** The fields in declaration order. */
    public List<Field> fields() {
        return List.copyOf(fields.values());
    }

    /** The field named {@code name}, or null. */
    public Field field(String name) {
        return fields.get(name);
    }

    /** A layout built field by field in declaration order. */
    public static Builder of(String cName) {
        return new Builder(cName);
    }

    /** Lays out fields at natural alignment, as the C compiler does. */
    public static final class Builder {
        private final String cName;
        private final Map<String, Field> fields = new LinkedHashMap<>();
        private int offset;

        private Builder(String cName) {
            this.cName = cName;
        }

        /** A {@code __u64}. */
        public Builder u64(String name, Access access) {
            return add(name, 8, false, access);
        }

        /** A {@code __u32}. */
        public Builder u32(String name, Access access) {
            return add(name, 4, false, access);
        }

        /** A {@code __s32}. */
        public Builder s32(String name, Access access) {
            return add(name, 4, true, access);
        }

        /** {@code count} bytes of an embedded array ({@code name} as the header calls it), read and written whole. */
        public Builder bytes(String name, int count) {
            offset += count;
            return this;
        }

        private Builder add(String name, int width, boolean signed, Access access) {
            offset = (offset + width - 1) / width * width;
            fields.put(name, new Field(name, offset, width, signed, access));
            offset += width;
            return this;
        }

        /** The layout, its size rounded up to 8 bytes when it holds a 64-bit field. */
        public KfdStructLayout build() {
            boolean has64 = fields.values().stream().anyMatch(f -> f.width() == 8);
            int align = has64 ? 8 : 4;
            return new KfdStructLayout(cName, fields, (offset + align - 1) / align * align);
        }
    }
}
