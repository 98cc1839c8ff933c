package dev.scatterbatch.model.uapi;

import java.nio.ByteBuffer;

/**
 * The fixed part of {@code struct kfd_ioctl_svm_args} (24 bytes; {@code nattr} attributes follow it).
 *
 * @param startAddr start of the range, page aligned (to KFD)
 * @param size      size of the range, page aligned (to KFD)
 * @param op        {@code KFD_IOCTL_SVM_OP_SET_ATTR} (0) or {@code _GET_ATTR} (1)
 * @param nattr     number of attributes that follow
 */
public record SvmArgs(long startAddr, long size, int op, int nattr) implements KfdIoctlArgs {

    /** {@code sizeof(struct kfd_ioctl_svm_args)} without attributes. */
    public static final int SIZE = 24;
    /** {@code KFD_IOCTL_SVM_OP_SET_ATTR}. */
    public static final int OP_SET_ATTR = 0;
    /** {@code KFD_IOCTL_SVM_OP_GET_ATTR}. */
    public static final int OP_GET_ATTR = 1;

    @Override
    public byte[] encode() {
        return KfdIoctlArgs.newStruct(SIZE).putLong(startAddr).putLong(size).putInt(op).putInt(nattr).array();
    }

    /** Decodes the fixed part from its 24 bytes. */
    public static SvmArgs decode(byte[] bytes) {
        ByteBuffer b = KfdIoctlArgs.struct(bytes, SIZE, "kfd_ioctl_svm_args");
        return new SvmArgs(b.getLong(), b.getLong(), b.getInt(), b.getInt());
    }
}
