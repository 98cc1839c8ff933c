package dev.scatterbatch.kvmprobe;

import dev.scatterbatch.model.cost.ConfigException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The mode the probe's guest code runs in: 64-bit long mode at CPL 0 (a kernel's view) or at CPL 3 with IOPL 3
 * (so port I/O is allowed). Where KVM emulates CPL-0 guest code instead of running it (PVM, docs/kvm-probe.md §2:
 * about 0.55 us per instruction), only CPL-3 code runs natively, so the probe uses {@link #LM3} there.
 */
public enum GuestMode {
    /** 64-bit long mode, CPL 3, IOPL 3. */
    LM3("lm3", 3, "64-bit long mode, CPL 3, IOPL 3"),
    /** 64-bit long mode, CPL 0. */
    LM0("lm0", 0, "64-bit long mode, CPL 0");

    /**
     * Above this many ns per guest instruction, guest code is emulated, not run: a CPU runs a nop loop at well
     * under 1 ns per instruction, KVM's instruction emulator takes 400-600 ns (docs/kvm-probe.md §2 and §8.1).
     */
    public static final double EMULATED_NS_PER_INSTRUCTION = 50.0;

    private final String key;
    private final int cpl;
    private final String description;

    GuestMode(String key, int cpl, String description) {
        this.key = key;
        this.cpl = cpl;
        this.description = description;
    }

    /** The name used in tables, options and docs/kvm-probe.md: {@code lm3}, {@code lm0}. */
    public String key() {
        return key;
    }

    /** The current privilege level the guest code runs at. */
    public int cpl() {
        return cpl;
    }

    /** What the mode is, in words. */
    public String description() {
        return description;
    }

    /** Whether guest code that took {@code nsPerInstruction} per instruction was emulated rather than run. */
    public static boolean isEmulated(double nsPerInstruction) {
        return nsPerInstruction >= EMULATED_NS_PER_INSTRUCTION;
    }

    /**
     * The mode to measure in, given how fast CPL-0 guest code ran: CPL 0 where it runs natively (the usual
     * hardware-assisted KVM), CPL 3 where it is emulated.
     */
    public static GuestMode forCpl0Speed(double cpl0NsPerInstruction) {
        return isEmulated(cpl0NsPerInstruction) ? LM3 : LM0;
    }

    /**
     * The mode named {@code key} ({@code lm3}, {@code lm0}).
     *
     * @throws ConfigException naming the allowed names
     */
    public static GuestMode parse(String key) {
        for (GuestMode m : values()) {
            if (m.key.equals(key.trim().toLowerCase(Locale.ROOT))) return m;
        }
        throw new ConfigException("guest mode '" + key + "' is not known: expected one of "
                + Arrays.stream(values()).map(GuestMode::key).collect(Collectors.joining(", ")));
    }
}
