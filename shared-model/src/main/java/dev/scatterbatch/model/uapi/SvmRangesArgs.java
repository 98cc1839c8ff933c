package dev.scatterbatch.model.uapi;

import java.nio.ByteBuffer;

/**
 * {@code struct kfd_ioctl_svm_ranges_args} (48 bytes) of the batch series v1 ({@code AMDKFD_IOC_SVM_RANGES}, nr
 * 0x27, Message-ID {@code 20251112072910.3716944-1-honglei1.huang@amd.com}): the ranges' pages are pinned and
 * stand behind the VMA at {@code start_addr}, which then gets the attributes as {@code AMDKFD_IOC_SVM} would.
 *
 * @param startAddr the VMA (GPU VA = CPU VA) the pinned pages back
 * @param size      bytes of that VMA to register
 * @param op        {@code KFD_IOCTL_SVM_OP_SET_ATTR} or {@code _GET_ATTR}
 * @param nattr     attributes at {@code attrsPtr}
 * @param attrsPtr  user pointer to {@code struct kfd_ioctl_svm_attribute[nattr]}
 * @param nranges   ranges at {@code rangesPtr}
 * @param pad       not checked
 * @param rangesPtr user pointer to {@code struct kfd_ioctl_svm_range[nranges]} ({@code {addr, size}}, 16 bytes each)
 */
public record SvmRangesArgs(long startAddr, long size, int op, int nattr, long attrsPtr, int nranges, int pad,
                            long rangesPtr) implements KfdIoctlArgs {

    /** {@code sizeof(struct kfd_ioctl_svm_ranges_args)}. */
    public static final int SIZE = 48;

    @Override
    public byte[] encode() {
        return KfdIoctlArgs.newStruct(SIZE).putLong(startAddr).putLong(size).putInt(op).putInt(nattr).putLong(attrsPtr)
                .putInt(nranges).putInt(pad).putLong(rangesPtr).array();
    }

    /** Decodes the struct from its 48 bytes. */
    public static SvmRangesArgs decode(byte[] bytes) {
        ByteBuffer b = KfdIoctlArgs.struct(bytes, SIZE, "kfd_ioctl_svm_ranges_args");
        return new SvmRangesArgs(b.getLong(), b.getLong(), b.getInt(), b.getInt(), b.getLong(), b.getInt(), b.getInt(), b.getLong());
    }
}
