package dev.scatterbatch.model.uapi;

/**
 * The calling process's memory as the kernel reaches it through user pointers. {@code copy_from_user} of bytes
 * that are not all readable fails, and the kernel answers {@code -EFAULT}; address 0 (NULL) is never readable.
 * A copy of zero bytes always succeeds, as in the kernel.
 */
public interface UserMemory {

    /**
     * {@code copy_from_user}: the {@code length} bytes at {@code address}, or null when any of them is not readable.
     */
    byte[] copyFromUser(long address, long length);

    /**
     * {@code copy_from_user} into the first {@code length} bytes of a kernel buffer the caller keeps: whether all of
     * them were readable ({@code into} may be partly written when not).
     */
    default boolean copyFromUser(long address, byte[] into, int length) {
        byte[] copy = copyFromUser(address, length);
        if (copy == null) return false;
        System.arraycopy(copy, 0, into, 0, length);
        return true;
    }

    /** {@code copy_to_user}: whether all of {@code bytes} could be written at {@code address}. */
    boolean copyToUser(long address, byte[] bytes);

    /** Memory in which no pointer is readable or writable. */
    static UserMemory none() {
        return NoUserMemory.INSTANCE;
    }
}
