package dev.scatterbatch.model.cost;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every cost parameter of the model, with its unit, default, valid range and source. The names are a
 * contract: profile YAML keys, {@code --set name=value}, {@code /api/params} and the
 * {@code scatterbatch_profile_parameter} gauge all use them. Valid ranges are physical bounds, wider than
 * the plausible ranges of docs/model.md section 8, so measured profiles of slow hosts load.
 */
public enum Parameter {
    GUEST_SYSCALL("guestSyscall", ns(250), ns(0), us(100), "guest ioctl entry and exit (g)",
            "docs/model.md §6: 190-600 ns syscalls (Phoronix, FreeBSD D13985, Cracauer)"),
    HOST_IOCTL("hostIoctl", ns(250), ns(0), us(100), "host ioctl entry and exit (h)",
            "docs/model.md §6; docs/kvm-probe.md §3: 271 ns trivial /dev/kvm ioctl"),
    KICK_EXIT("kickExit", us(1), ns(0), ms(1), "the guest's virtqueue kick: a kernel-handled VM exit (ioeventfd)",
            "docs/model.md §2: SplitX 2,000 cycles; docs/kvm-probe.md §3: 2.7-3.0 us under PVM"),
    VM_EXIT_USER("vmExitUser", us(4), ns(0), ms(1), "a VM exit that returns to the VMM in user space (the kick when kickPath is vmm-exit)",
            "docs/model.md §2: nested inl_from_qemu 3.3x inl_from_kernel; docs/kvm-probe.md §3: 25 us under PVM"),
    VMM_WAKEUP("vmmWakeup", us(5), ns(0), ms(10), "the VMM thread waking for a kicked request",
            "docs/model.md §3: scheduler wake-up 2-10 us; docs/kvm-probe.md §5: about 10 us"),
    VMM_DECODE("vmmDecode", us(7), ns(0), ms(10), "the VMM reading and translating the request (guest-physical runs to host VA)",
            "docs/model.md §3: decode and dispatch 1-5 us, plus translation"),
    IRQ_INJECT("irqInject", us(2), ns(0), ms(1), "completion interrupt into the guest",
            "docs/model.md §3: irqfd 1-2 us, less with posted interrupts"),
    GUEST_WAKEUP("guestWakeup", us(5), ns(0), ms(10), "the waiting guest thread resuming",
            "docs/model.md §3: guest IRQ handler and wake-up 2-10 us"),
    NESTED_MULTIPLIER("nestedMultiplier", 1.0, 1.0, 100.0, "multiplies every VM-exit cost (8 in the nested profile)",
            "docs/model.md §2: nested exits 7-10x single level (Bonzini 2019, Christopherson 1201f226c863)"),
    KICK_PATH("kickPath", KickPath.IOEVENTFD, "how the kick reaches the VMM: ioeventfd (kickExit + vmmWakeup) or vmm-exit (vmExitUser, handled in the vCPU thread)",
            "QEMU wiki Features/VirtioIoeventfd"),
    SPLIT_LOCATION("splitLocation", SplitLocation.HOST_VMM, "where per-range registration is split: host-vmm or guest",
            "docs/model.md §1: the VMM issues the per-range ioctls (virglrenderer MR 1370)"),
    KFD_ALLOC_FIXED("kfdAllocFixed", us(20), ns(0), ms(100), "KFD fixed work per ALLOC: kgd_mem, BO create, locks, validate (F)",
            "docs/model.md §5.1 code path; no published direct measurement"),
    GPU_MAP_PER_CALL("gpuMapPerCall", us(15), ns(0), ms(100), "MAP: page-table update submit, fence, TLB flush (M)",
            "docs/model.md §5.1 code path"),
    PER_RANGE("perRange", ns(500), ns(0), ms(10), "per CPU VA range: notifier insert, hmm_range setup, bookkeeping (c_r)",
            "docs/model.md §5.2: interval-tree insert estimate 0.2-2 us"),
    PER_PAGE("perPage", ns(400), ns(0), ms(1), "per 4 KiB page: hmm_range_fault, DMA map, PTE write (c_p)",
            "docs/model.md §5.2: amd/xdna-driver #1399, 99 ms/GB = 0.38 us/page"),
    HUGE_PAGE_FACTOR("hugePageFactor", 0.75, 0.0, 1.0, "per-page cost factor where the backing is 2 MiB pages",
            "docs/model.md §5.2: amd/xdna-driver #1399, 75 vs 99 ms/GB"),
    GUEST_COMPUTE_SLOWDOWN("guestComputeSlowdown", 0.05, 0.0, 10.0, "fraction by which GPU work submitted from a guest runs slower (epsilon)",
            "docs/model.md §4: native contexts 99%, virtio-gpu ROCm 92% on W7900"),
    MREMAP_PER_RANGE("mremapPerRange", us(2), ns(0), ms(10), "one mremap(MREMAP_DONTUNMAP) in the VMM",
            "docs/kfd.md §6: vhsakmt_merge_va_ranges_mremap"),
    MAX_MAP_COUNT("maxMapCount", 65530L, 1L, (long) Integer.MAX_VALUE, "vm.max_map_count of the VMM process",
            "Linux default DEFAULT_MAX_MAP_COUNT"),
    QUEUE_QUIESCE("queueQuiesce", us(100), ns(0), s(1), "stopping every queue of the process on eviction",
            "docs/model.md §8: HWS/MES unmap + fence, 20 us to 5 ms"),
    QUEUE_RESUME("queueResume", ns(0), ns(0), s(1), "restarting the process's queues after restore (0: folded into queueQuiesce)",
            "docs/model.md §10: resume taken as 0"),
    USERPTR_RESTORE_DELAY("userptrRestoreDelay", ms(1), ns(0), s(10), "AMDGPU_USERPTR_RESTORE_DELAY_MS",
            "amdgpu_amdkfd_gpuvm.c"),
    REVALIDATE_PER_BO("revalidatePerBo", us(10), ns(0), ms(100), "re-reserve and validate one BO on restore",
            "docs/model.md §8: 3-50 us"),
    RESTORE_GRANULARITY("restoreGranularity", RestoreGranularity.PER_RANGE, "per-range or whole-bo re-fault on restore",
            "docs/model.md §10; docs/kfd.md §4.4"),
    TEARDOWN("teardown", TeardownMode.DEFERRED, "deferred: the guest posts UNMAP + FREE and goes on; synchronous: it waits for them like registration",
            "docs/model.md §9.1 counts registration only"),
    GPU_UNMAP_PER_CALL("gpuUnmapPerCall", ns(0), ns(0), ms(100), "UNMAP: PTE clear, TLB flush (charged when teardown is synchronous)",
            "no published measurement; 0 keeps the seed calibration"),
    KFD_FREE_FIXED("kfdFreeFixed", ns(0), ns(0), ms(100), "FREE: notifier removal, BO release (charged when teardown is synchronous)",
            "no published measurement; 0 keeps the seed calibration");

    private final String key;
    private final ParameterKind kind;
    private final Object defaultValue;
    private final Object min;
    private final Object max;
    private final String meaning;
    private final String source;

    Parameter(String key, Object defaultValue, Object min, Object max, String meaning, String source) {
        this.key = key;
        this.kind = defaultValue instanceof Double ? ParameterKind.FACTOR
                : defaultValue instanceof Duration ? ParameterKind.DURATION : ParameterKind.COUNT;
        this.defaultValue = unwrap(defaultValue);
        this.min = unwrap(min);
        this.max = unwrap(max);
        this.meaning = meaning;
        this.source = source;
    }

    Parameter(String key, ProfileEnum defaultValue, String meaning, String source) {
        this.key = key;
        this.kind = ParameterKind.CHOICE;
        this.defaultValue = defaultValue;
        this.min = null;
        this.max = null;
        this.meaning = meaning;
        this.source = source;
    }

    /** The contract name: {@code kfdAllocFixed}. */
    public String key() {
        return key;
    }

    /** The value's type. */
    public ParameterKind kind() {
        return kind;
    }

    /** The value in the {@code default} profile. */
    public Object defaultValue() {
        return defaultValue;
    }

    /** The smallest valid value (null for choices). */
    public Object min() {
        return min;
    }

    /** The largest valid value (null for choices). */
    public Object max() {
        return max;
    }

    /** What the parameter means. */
    public String meaning() {
        return meaning;
    }

    /** Where its default comes from. */
    public String source() {
        return source;
    }

    /** The unit, as written in profiles: {@code ns} for durations (any duration unit is accepted), else empty. */
    public String unit() {
        return switch (kind) {
            case DURATION -> "duration";
            case FACTOR -> "factor";
            case COUNT -> "count";
            case CHOICE -> "one of " + choices();
        };
    }

    /** Whether the value is a number (exported as a gauge, sweepable, fittable). */
    public boolean isNumeric() {
        return kind != ParameterKind.CHOICE;
    }

    /** The allowed names of a choice parameter, comma-separated. */
    public String choices() {
        if (kind != ParameterKind.CHOICE) return "";
        return Arrays.stream(((Enum<?>) defaultValue).getDeclaringClass().getEnumConstants())
                .map(c -> ((ProfileEnum) c).key()).collect(Collectors.joining(", "));
    }

    /** The parameter named {@code key}, if any. */
    public static Optional<Parameter> byKey(String key) {
        for (Parameter p : values()) {
            if (p.key.equals(key)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** The parameter named {@code key}, or a ConfigException listing the known names. */
    public static Parameter require(String key, String where) {
        return byKey(key).orElseThrow(() -> new ConfigException(
                "unknown parameter '" + key + "'" + where + "; known parameters: " + knownKeys()));
    }

    /** Every parameter name, comma-separated. */
    public static String knownKeys() {
        return Arrays.stream(values()).map(Parameter::key).collect(Collectors.joining(", "));
    }

    /** Renders a value of this parameter as a profile would write it. */
    public String format(Object value) {
        return switch (kind) {
            case DURATION -> Durations.format((Long) value);
            case FACTOR -> stripZeros((Double) value);
            case COUNT -> value.toString();
            case CHOICE -> ((ProfileEnum) value).key();
        };
    }

    /** The value as a plain number: nanoseconds for durations, the number itself otherwise. */
    public double asNumber(Object value) {
        return switch (kind) {
            case DURATION, COUNT -> ((Long) value).doubleValue();
            case FACTOR -> (Double) value;
            case CHOICE -> throw new IllegalArgumentException(key + " is not numeric");
        };
    }

    /** The value of this parameter closest to the number {@code x} (inverse of {@link #asNumber}). */
    public Object fromNumber(double x) {
        return switch (kind) {
            case DURATION, COUNT -> Math.round(x);
            case FACTOR -> x;
            case CHOICE -> throw new IllegalArgumentException(key + " is not numeric");
        };
    }

    /**
     * Parses text ({@code --set}, sweep values) into a value of this parameter.
     *
     * @throws ConfigException naming the parameter and the expected form
     */
    public Object parse(String text) {
        try {
            return switch (kind) {
                case DURATION -> Durations.parseNs(text);
                case FACTOR -> Double.parseDouble(text.trim());
                case COUNT -> Long.parseLong(text.trim());
                case CHOICE -> parseChoice(text.trim());
            };
        } catch (NumberFormatException e) {
            throw new ConfigException(key + ": expected " + (kind == ParameterKind.FACTOR ? "a number" : "a whole number")
                    + ", got '" + text + "'");
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + ": " + e.getMessage());
        }
    }

    private Object parseChoice(String text) {
        for (Object c : ((Enum<?>) defaultValue).getDeclaringClass().getEnumConstants()) {
            if (((ProfileEnum) c).key().equals(text.toLowerCase(Locale.ROOT))) return c;
        }
        throw new IllegalArgumentException("expected one of " + choices() + ", got '" + text + "'");
    }

    /** A sentence describing why {@code value} is invalid, or null when it is valid. */
    public String checkRange(Object value) {
        if (kind == ParameterKind.CHOICE) return null;
        double v = asNumber(value);
        if (Double.isNaN(v) || v < asNumber(min) || v > asNumber(max)) {
            return key + " = " + format(value) + " is out of range: allowed " + format(min) + " to " + format(max);
        }
        return null;
    }

    private static String stripZeros(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
        return Double.toString(d);
    }

    private static Object unwrap(Object o) {
        return o instanceof Duration d ? d.ns : o;
    }

    private record Duration(long ns) {
    }

    private static Duration ns(long v) {
        return new Duration(v);
    }

    private static Duration us(long v) {
        return new Duration(v * 1_000L);
    }

    private static Duration ms(long v) {
        return new Duration(v * 1_000_000L);
    }

    private static Duration s(long v) {
        return new Duration(v * 1_000_000_000L);
    }
}
