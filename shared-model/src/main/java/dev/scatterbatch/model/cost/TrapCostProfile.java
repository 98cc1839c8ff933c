package dev.scatterbatch.model.cost;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One value for every {@link Parameter}: the costs a simulation charges. Immutable; every instance is
 * valid (the factory methods refuse out-of-range values, naming the field, the value and the range).
 */
public final class TrapCostProfile {

    private static final TrapCostProfile DEFAULTS = new TrapCostProfile("default", defaultValues());

    private final String name;
    private final Object[] values;

    private TrapCostProfile(String name, Object[] values) {
        this.name = name;
        this.values = values;
    }

    /** The {@code default} profile: single-level KVM, calibrated to the seed table. */
    public static TrapCostProfile defaults() {
        return DEFAULTS;
    }

    /** The profile's name (a bundled name, a file name, or a name with overrides noted). */
    public String name() {
        return name;
    }

    /** This profile under another name. */
    public TrapCostProfile named(String newName) {
        return new TrapCostProfile(newName, values);
    }

    /**
     * This profile with some values replaced, validated as a whole: either every value is in range and a new
     * profile comes back, or a ConfigException lists every problem and nothing changes.
     */
    public TrapCostProfile with(Map<Parameter, Object> changes) {
        List<String> problems = new ArrayList<>();
        Object[] next = values.clone();
        changes.forEach((p, v) -> {
            Objects.requireNonNull(v, p.key());
            if (v.getClass() != p.defaultValue().getClass()) {
                throw new IllegalArgumentException(p.key() + " takes a " + p.defaultValue().getClass().getSimpleName()
                        + ", not a " + v.getClass().getSimpleName() + " (" + v + ")");
            }
            String problem = p.checkRange(v);
            if (problem != null) problems.add(problem);
            next[p.ordinal()] = v;
        });
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return new TrapCostProfile(name, next);
    }

    /**
     * This profile with a duration (in ns) or a count replaced; a whole number for a factor is taken as that
     * factor. Compile-time typed: {@code with(KFD_ALLOC_FIXED, 40_000)} means 40,000 ns.
     */
    public TrapCostProfile with(Parameter p, long value) {
        return with(Map.of(p, p.kind() == ParameterKind.FACTOR ? (Object) (double) value : (Object) value));
    }

    /** This profile with a factor replaced. */
    public TrapCostProfile with(Parameter p, double value) {
        return with(Map.of(p, value));
    }

    /** This profile with a choice replaced. */
    public TrapCostProfile with(Parameter p, ProfileEnum value) {
        return with(Map.of(p, value));
    }

    /** The value of {@code p}: Long ns, Double, Long or a ProfileEnum by kind. */
    public Object get(Parameter p) {
        return values[p.ordinal()];
    }

    /** The value of a numeric parameter as a number (nanoseconds for durations). */
    public double number(Parameter p) {
        return p.asNumber(get(p));
    }

    /** Every value, in parameter order. */
    public Map<Parameter, Object> values() {
        Map<Parameter, Object> m = new EnumMap<>(Parameter.class);
        for (Parameter p : Parameter.values()) m.put(p, values[p.ordinal()]);
        return m;
    }

    /** Every value as a profile writes it ({@code "kfdAllocFixed" -> "20us"}), in parameter order. */
    public Map<String, String> formatted() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Parameter p : Parameter.values()) m.put(p.key(), p.format(values[p.ordinal()]));
        return m;
    }

    private long ns(Parameter p) {
        return (Long) values[p.ordinal()];
    }

    private double factor(Parameter p) {
        return (Double) values[p.ordinal()];
    }

    public long guestSyscallNs() { return ns(Parameter.GUEST_SYSCALL); }
    public long hostIoctlNs() { return ns(Parameter.HOST_IOCTL); }
    public long kickExitNs() { return ns(Parameter.KICK_EXIT); }
    public long vmExitUserNs() { return ns(Parameter.VM_EXIT_USER); }
    public long vmmWakeupNs() { return ns(Parameter.VMM_WAKEUP); }
    public long vmmDecodeNs() { return ns(Parameter.VMM_DECODE); }
    public long irqInjectNs() { return ns(Parameter.IRQ_INJECT); }
    public long guestWakeupNs() { return ns(Parameter.GUEST_WAKEUP); }
    public double nestedMultiplier() { return factor(Parameter.NESTED_MULTIPLIER); }
    public KickPath kickPath() { return (KickPath) get(Parameter.KICK_PATH); }
    public SplitLocation splitLocation() { return (SplitLocation) get(Parameter.SPLIT_LOCATION); }
    public long kfdAllocFixedNs() { return ns(Parameter.KFD_ALLOC_FIXED); }
    public long gpuMapPerCallNs() { return ns(Parameter.GPU_MAP_PER_CALL); }
    public long tlbFlushPerMapNs() { return ns(Parameter.TLB_FLUSH_PER_MAP); }
    public PtUpdatePath ptUpdatePath() { return (PtUpdatePath) get(Parameter.PT_UPDATE_PATH); }
    public long notifierInsertPerRangeNs() { return ns(Parameter.NOTIFIER_INSERT_PER_RANGE); }
    public long hmmRangePerRangeNs() { return ns(Parameter.HMM_RANGE_PER_RANGE); }
    public long mmapLockCycleNs() { return ns(Parameter.MMAP_LOCK_PER_RANGE); }
    public long faultPerPageNs() { return ns(Parameter.FAULT_PER_PAGE); }
    public long mapPerPageNs() { return ns(Parameter.MAP_PER_PAGE); }
    public double hugePageFactor() { return factor(Parameter.HUGE_PAGE_FACTOR); }
    public double guestComputeSlowdown() { return factor(Parameter.GUEST_COMPUTE_SLOWDOWN); }
    public long mremapPerRangeNs() { return ns(Parameter.MREMAP_PER_RANGE); }
    public long maxMapCount() { return ns(Parameter.MAX_MAP_COUNT); }
    public long queueQuiesceNs() { return ns(Parameter.QUEUE_QUIESCE); }
    public long queueResumeNs() { return ns(Parameter.QUEUE_RESUME); }
    public long kernelHz() { return ns(Parameter.KERNEL_HZ); }
    public long revalidatePerBoNs() { return ns(Parameter.REVALIDATE_PER_BO); }
    public RestoreGranularity restoreGranularity() { return (RestoreGranularity) get(Parameter.RESTORE_GRANULARITY); }
    public TeardownMode teardown() { return (TeardownMode) get(Parameter.TEARDOWN); }
    public long gpuUnmapPerCallNs() { return ns(Parameter.GPU_UNMAP_PER_CALL); }
    public long kfdFreeFixedNs() { return ns(Parameter.KFD_FREE_FIXED); }
    public long hostCpus() { return ns(Parameter.HOST_CPUS); }
    public long vcpus() { return ns(Parameter.VCPUS); }
    public long kvmZapFixedNs() { return ns(Parameter.KVM_ZAP_FIXED); }
    public long kvmRemoteFlushPerVcpuNs() { return ns(Parameter.KVM_REMOTE_FLUSH_PER_VCPU); }
    public long eptFaultPerPageNs() { return ns(Parameter.EPT_FAULT_PER_PAGE); }
    public GuestRamBacking guestRam() { return (GuestRamBacking) get(Parameter.GUEST_RAM); }
    public PressureTarget pressureTarget() { return (PressureTarget) get(Parameter.PRESSURE_TARGET); }
    public long pinPerPageNs() { return ns(Parameter.PIN_PER_PAGE); }
    public PinAccounting pinAccounting() { return (PinAccounting) get(Parameter.PIN_ACCOUNTING); }
    public long memlockLimitBytes() { return ns(Parameter.MEMLOCK_LIMIT); }
    public double oversubscribe() { return factor(Parameter.OVERSUBSCRIBE); }
    public long svmPrefetchPerPageNs() { return ns(Parameter.SVM_PREFETCH_PER_PAGE); }

    /**
     * The restore worker's delay: {@code msecs_to_jiffies(AMDGPU_USERPTR_RESTORE_DELAY_MS)} is one jiffy for any HZ up
     * to 1000, and a one-jiffy timer fires at the next tick; the model takes the whole jiffy.
     */
    public long restoreDelayNs() {
        return (1_000_000_000L + kernelHz() - 1) / kernelHz();
    }

    /**
     * The per-range work of faulting {@code ranges} CPU ranges under {@code notifiers} new interval notifiers and
     * {@code lockCycles} mmap_lock cycles: the ABI decides the counts (single: 1, 1, 1; batch v2: R, R, R; v4: R, 1, 1).
     */
    public long rangeWorkNs(long ranges, long notifiers, long lockCycles) {
        return ranges * hmmRangePerRangeNs() + notifiers * notifierInsertPerRangeNs() + lockCycles * mmapLockCycleNs();
    }

    /**
     * KVM's side of one host memory event over {@code pages} 4 KiB pages of guest RAM: the zap, one remote TLB
     * flush per vCPU and the guest's EPT re-fault of each page; the flush IPIs and the EPT faults are exits.
     */
    public long kvmInvalidationNs(long pages) {
        return kvmZapFixedNs() + vmExitNs(vcpus() * kvmRemoteFlushPerVcpuNs()) + vmExitNs(pages * eptFaultPerPageNs());
    }

    /** A VM exit's cost under the nested multiplier. */
    public long vmExitNs(long singleLevelNs) {
        return Math.round(singleLevelNs * nestedMultiplier());
    }

    /**
     * The forwarded-request round trip tau, host driver work excluded: the kick, the VMM picking the request
     * up and decoding it, the completion interrupt and the guest thread resuming. Every part that involves an
     * exit is scaled by the nested multiplier n (the kick; the injected interrupt, which an L1 hypervisor
     * delivers through L0; the halted vCPU's wake-up, an exit and re-entry): with the ioeventfd kick path this
     * is {@code (kickExit + irqInject + guestWakeup)*n + vmmWakeup + vmmDecode}.
     */
    public long forwardedRoundTripNs() {
        long kick = kickPath() == KickPath.IOEVENTFD
                ? vmExitNs(kickExitNs()) + vmmWakeupNs()
                : vmExitNs(vmExitUserNs());
        return kick + vmmDecodeNs() + vmExitNs(irqInjectNs()) + vmExitNs(guestWakeupNs());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrapCostProfile t && Arrays.equals(values, t.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return name + formatted();
    }

    private static Object[] defaultValues() {
        Object[] v = new Object[Parameter.values().length];
        for (Parameter p : Parameter.values()) v[p.ordinal()] = p.defaultValue();
        return v;
    }
}
