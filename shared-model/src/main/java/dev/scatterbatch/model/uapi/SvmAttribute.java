package dev.scatterbatch.model.uapi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code struct kfd_ioctl_svm_attribute} (8 bytes): one attribute of an {@code AMDKFD_IOC_SVM} or (series v1)
 * {@code AMDKFD_IOC_SVM_RANGES} call.
 *
 * @param type  {@code enum kfd_ioctl_svm_attr_type}
 * @param value the attribute's value: a gpu_id, flags, or log2 pages for GRANULARITY
 */
public record SvmAttribute(int type, int value) {

    /** {@code sizeof(struct kfd_ioctl_svm_attribute)}. */
    public static final int SIZE = 8;
    /** {@code KFD_IOCTL_SVM_ATTR_PREFERRED_LOC}. */
    public static final int PREFERRED_LOC = 0;
    /** {@code KFD_IOCTL_SVM_ATTR_PREFETCH_LOC}. */
    public static final int PREFETCH_LOC = 1;
    /** {@code KFD_IOCTL_SVM_ATTR_ACCESS}. */
    public static final int ACCESS = 2;
    /** {@code KFD_IOCTL_SVM_ATTR_ACCESS_IN_PLACE}. */
    public static final int ACCESS_IN_PLACE = 3;
    /** {@code KFD_IOCTL_SVM_ATTR_NO_ACCESS}. */
    public static final int NO_ACCESS = 4;
    /** {@code KFD_IOCTL_SVM_ATTR_SET_FLAGS}. */
    public static final int SET_FLAGS = 5;
    /** {@code KFD_IOCTL_SVM_ATTR_CLR_FLAGS}. */
    public static final int CLR_FLAGS = 6;
    /** {@code KFD_IOCTL_SVM_ATTR_GRANULARITY}. */
    public static final int GRANULARITY = 7;
    /** {@code KFD_IOCTL_SVM_ATTR_MAPPED}: added by the batch series v1 (pinned pages, mapped at once); not upstream. */
    public static final int MAPPED = 8;
    /** {@code KFD_IOCTL_SVM_LOCATION_SYSMEM}. */
    public static final int LOCATION_SYSMEM = 0;
    /** {@code KFD_IOCTL_SVM_LOCATION_UNDEFINED}. */
    public static final int LOCATION_UNDEFINED = 0xFFFFFFFF;
    /** {@code KFD_IOCTL_SVM_FLAG_HOST_ACCESS}. */
    public static final int FLAG_HOST_ACCESS = 0x1;
    /** {@code KFD_IOCTL_SVM_FLAG_COHERENT}. */
    public static final int FLAG_COHERENT = 0x2;
    /** {@code KFD_IOCTL_SVM_FLAG_GPU_ALWAYS_MAPPED}. */
    public static final int FLAG_GPU_ALWAYS_MAPPED = 0x40;

    private static final String[] NAMES = {"PREFERRED_LOC", "PREFETCH_LOC", "ACCESS", "ACCESS_IN_PLACE", "NO_ACCESS",
            "SET_FLAGS", "CLR_FLAGS", "GRANULARITY", "MAPPED"};

    /** The attribute type named {@code name} ({@code ACCESS}, any case), or -1. */
    public static int typeByName(String name) {
        for (int i = 0; i < NAMES.length; i++) if (NAMES[i].equalsIgnoreCase(name)) return i;
        return -1;
    }

    /** The bytes of {@code struct kfd_ioctl_svm_attribute[attrs.size()]}. */
    public static byte[] encodeArray(List<SvmAttribute> attrs) {
        ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(attrs.size(), SIZE)).order(ByteOrder.LITTLE_ENDIAN);
        for (SvmAttribute a : attrs) b.putInt(a.type).putInt(a.value);
        return b.array();
    }

    /** The attributes of an array's bytes (a multiple of 8 bytes). */
    public static List<SvmAttribute> decodeArray(byte[] bytes) {
        if (bytes.length % SIZE != 0) throw new IllegalArgumentException("an attribute array is a multiple of 8 bytes, got " + bytes.length);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<SvmAttribute> out = new ArrayList<>(bytes.length / SIZE);
        while (b.hasRemaining()) out.add(new SvmAttribute(b.getInt(), b.getInt()));
        return out;
    }
}
