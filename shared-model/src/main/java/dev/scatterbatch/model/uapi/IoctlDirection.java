package dev.scatterbatch.model.uapi;

/**
 * The direction bits of an ioctl number ({@code _IOC_NONE}, {@code _IOC_WRITE}, {@code _IOC_READ}), seen from user
 * space: {@code _IOW} copies the struct into the kernel, {@code _IOR} copies it back out.
 */
public enum IoctlDirection {
    /** {@code _IO}: no argument struct. */
    NONE(0),
    /** {@code _IOW}: user to kernel. */
    WRITE(1),
    /** {@code _IOR}: kernel to user. */
    READ(2),
    /** {@code _IOWR}: both. */
    READ_WRITE(3);

    private final int bits;

    IoctlDirection(int bits) {
        this.bits = bits;
    }

    /** The two direction bits of the encoding. */
    public int bits() {
        return bits;
    }

    /** Whether the kernel copies the struct in from user memory before the handler ({@code IOC_IN}). */
    public boolean copiesIn() {
        return (bits & WRITE.bits) != 0;
    }

    /** Whether the kernel copies the struct back to user memory after the handler ({@code IOC_OUT}). */
    public boolean copiesOut() {
        return (bits & READ.bits) != 0;
    }

    /** The direction with these two bits. */
    public static IoctlDirection ofBits(int bits) {
        return values()[bits & 3];
    }
}
