package dev.scatterbatch.model.uapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code KFD_IOC_ALLOC_MEM_FLAGS_*}: the {@code flags} of {@code AMDKFD_IOC_ALLOC_MEMORY_OF_GPU} and of the batch
 * ioctl, as 32-bit masks. Names are the kernel's without the {@code KFD_IOC_ALLOC_MEM_FLAGS_} prefix.
 */
public final class AllocFlags {

    /** The prefix of every flag's kernel name. */
    public static final String KERNEL_PREFIX = "KFD_IOC_ALLOC_MEM_FLAGS_";

    public static final int VRAM = 1;
    public static final int GTT = 1 << 1;
    public static final int USERPTR = 1 << 2;
    public static final int DOORBELL = 1 << 3;
    public static final int MMIO_REMAP = 1 << 4;
    /** The v3/v4 batch series' flag (not upstream): {@code mmap_offset} points at a ranges array. */
    public static final int USERPTR_BATCH = 1 << 22;
    public static final int CONTIGUOUS = 1 << 23;
    public static final int EXT_COHERENT = 1 << 24;
    public static final int UNCACHED = 1 << 25;
    public static final int COHERENT = 1 << 26;
    public static final int AQL_QUEUE_MEM = 1 << 27;
    public static final int NO_SUBSTITUTE = 1 << 28;
    public static final int PUBLIC = 1 << 29;
    public static final int EXECUTABLE = 1 << 30;
    public static final int WRITABLE = 1 << 31;

    /** What libhsakmt passes to register user memory: USERPTR|WRITABLE|EXECUTABLE|NO_SUBSTITUTE. */
    public static final int LIBHSAKMT_USERPTR = USERPTR | WRITABLE | EXECUTABLE | NO_SUBSTITUTE;

    private static final Map<String, Integer> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("VRAM", VRAM);
        BY_NAME.put("GTT", GTT);
        BY_NAME.put("USERPTR", USERPTR);
        BY_NAME.put("DOORBELL", DOORBELL);
        BY_NAME.put("MMIO_REMAP", MMIO_REMAP);
        BY_NAME.put("USERPTR_BATCH", USERPTR_BATCH);
        BY_NAME.put("CONTIGUOUS", CONTIGUOUS);
        BY_NAME.put("EXT_COHERENT", EXT_COHERENT);
        BY_NAME.put("UNCACHED", UNCACHED);
        BY_NAME.put("COHERENT", COHERENT);
        BY_NAME.put("AQL_QUEUE_MEM", AQL_QUEUE_MEM);
        BY_NAME.put("NO_SUBSTITUTE", NO_SUBSTITUTE);
        BY_NAME.put("PUBLIC", PUBLIC);
        BY_NAME.put("EXECUTABLE", EXECUTABLE);
        BY_NAME.put("WRITABLE", WRITABLE);
    }

    private AllocFlags() {
    }

    /** Every flag name, in bit order. */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /**
     * The bit of one flag name ({@code "USERPTR"}, {@code "userptr"} or {@code "KFD_IOC_ALLOC_MEM_FLAGS_USERPTR"}).
     *
     * @throws IllegalArgumentException naming the unknown flag and the known ones
     */
    public static int bit(String name) {
        String key = name.trim().toUpperCase(Locale.ROOT);
        if (key.startsWith(KERNEL_PREFIX)) key = key.substring(KERNEL_PREFIX.length());
        Integer bit = BY_NAME.get(key);
        if (bit == null) {
            throw new IllegalArgumentException("unknown allocation flag '" + name + "' (known: " + String.join(", ", BY_NAME.keySet()) + ")");
        }
        return bit;
    }

    /** The mask of a list of flag names. */
    public static int of(List<String> names) {
        int mask = 0;
        for (String n : names) mask |= bit(n);
        return mask;
    }

    /**
     * Parses flags written as a number ({@code "0xD0000004"}, {@code "4"}) or as names joined by {@code |} or
     * {@code ,} ({@code "USERPTR|WRITABLE"}).
     *
     * @throws IllegalArgumentException when a name is unknown or the number does not fit in 32 bits
     */
    public static int parse(String text) {
        String t = text.trim();
        if (!t.isEmpty() && Character.isDigit(t.charAt(0))) {
            long v = t.startsWith("0x") || t.startsWith("0X") ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseLong(t);
            if (v < 0 || v > 0xFFFF_FFFFL) throw new IllegalArgumentException("flags " + text + " do not fit in 32 bits");
            return (int) v;
        }
        return of(List.of(t.split("[|,]")));
    }

    /** The names of the set bits in bit order; bits without a name appear as hex ({@code "0x100"}). */
    public static List<String> names(int flags) {
        List<String> out = new ArrayList<>();
        int rest = flags;
        for (Map.Entry<String, Integer> e : BY_NAME.entrySet()) {
            if ((flags & e.getValue()) != 0) {
                out.add(e.getKey());
                rest &= ~e.getValue();
            }
        }
        if (rest != 0) out.add("0x" + Integer.toHexString(rest));
        return out;
    }

    /** The flags as {@code USERPTR|WRITABLE}, or {@code 0} when none is set. */
    public static String format(int flags) {
        return flags == 0 ? "0" : String.join("|", names(flags));
    }
}
