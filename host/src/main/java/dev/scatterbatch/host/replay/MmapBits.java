package dev.scatterbatch.host.replay;

import java.util.Map;

/** The {@code mmap} protection and flag bits of x86-64 Linux ({@code asm-generic/mman-common.h}) a trace names. */
final class MmapBits {

    static final int PROT_NONE = 0;
    static final int PROT_READ = 0x1;
    static final int PROT_WRITE = 0x2;
    static final int MAP_SHARED = 0x01;
    static final int MAP_PRIVATE = 0x02;
    static final int MAP_FIXED = 0x10;
    static final int MAP_ANONYMOUS = 0x20;
    static final int MAP_NORESERVE = 0x4000;
    static final int MAP_FIXED_NOREPLACE = 0x100000;

    /** {@code PROT_*} by name. */
    static final Map<String, Integer> PROT = Map.of("PROT_NONE", PROT_NONE, "PROT_READ", PROT_READ,
            "PROT_WRITE", PROT_WRITE, "PROT_EXEC", 0x4);
    /** {@code MAP_*} by name. */
    static final Map<String, Integer> MAP = Map.of("MAP_SHARED", MAP_SHARED, "MAP_PRIVATE", MAP_PRIVATE,
            "MAP_FIXED", MAP_FIXED, "MAP_ANONYMOUS", MAP_ANONYMOUS, "MAP_NORESERVE", MAP_NORESERVE,
            "MAP_FIXED_NOREPLACE", MAP_FIXED_NOREPLACE, "MAP_POPULATE", 0x8000);

    private MmapBits() {
    }
}
