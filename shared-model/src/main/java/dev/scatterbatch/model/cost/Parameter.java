package dev.scatterbatch.model.cost;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
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
    NESTED_MULTIPLIER("nestedMultiplier", 1.0, 1.0, 100.0, "multiplies every cost that involves a VM exit: kick, IRQ injection, guest wake-up, remote TLB-flush IPIs, EPT faults (8 in the nested profile)",
            "docs/model.md §2: nested exits 7-10x single level (Bonzini 2019, Christopherson 1201f226c863)"),
    KICK_PATH("kickPath", KickPath.IOEVENTFD, "how the kick reaches the VMM: ioeventfd (kickExit + vmmWakeup) or vmm-exit (vmExitUser, handled in the vCPU thread)",
            "QEMU wiki Features/VirtioIoeventfd"),
    SPLIT_LOCATION("splitLocation", SplitLocation.HOST_VMM, "where per-range registration is split: host-vmm or guest",
            "docs/model.md §1: the VMM issues the per-range ioctls (virglrenderer MR 1370)"),
    KFD_ALLOC_FIXED("kfdAllocFixed", us(14), ns(0), ms(100), "KFD fixed work per ALLOC: kgd_mem, BO create, locks, validate (F)",
            "kfd_ioctl_alloc_memory_of_gpu, amdgpu_amdkfd_gpuvm_alloc_memory_of_gpu; refit, docs/model-mechanisms.md"),
    GPU_MAP_PER_CALL("gpuMapPerCall", us(7), ns(0), ms(100), "MAP's CPU work under p->mutex: bo_va, page-table update, fence wait (M; the TLB flush is tlbFlushPerMap)",
            "amdgpu_amdkfd_gpuvm_map_memory_to_gpu, amdgpu_amdkfd_gpuvm_sync_memory; refit, docs/model-mechanisms.md"),
    TLB_FLUSH_PER_MAP("tlbFlushPerMap", us(3), ns(0), ms(10), "one TLB flush on the device's KIQ (MAP; heavyweight after UNMAP; restore), serialized device-wide",
            "kfd_flush_tlb, amdgpu_gmc_flush_gpu_tlb_pasid (KIQ ring_lock, fence poll); no published latency"),
    PT_UPDATE_PATH("ptUpdatePath", PtUpdatePath.CPU, "how page tables are written: cpu (vm->use_cpu_for_update, large-BAR default) or sdma (jobs on the device's shared SDMA rings)",
            "amdgpu_vm_manager_init, amdgpu_vm_cpu.c, amdgpu_vm_sdma.c"),
    NOTIFIER_INSERT_PER_RANGE("notifierInsertPerRange", ns(250), ns(0), ms(10), "one mmu_interval_notifier_insert: per BO (single), per range (batch v2), once per span (v4)",
            "mm/mmu_notifier.c __mmu_interval_notifier_insert; Koenig 57ce883c-532b-4596-97e0-cb811ecb0c8d@amd.com"),
    HMM_RANGE_PER_RANGE("hmmRangePerRange", ns(150), ns(0), ms(10), "per CPU range faulted: hmm_range and pfn array set-up and one hmm_range_fault call",
            "amdgpu_hmm_range_get_pages; batch v2/v4 get_user_pages_batch"),
    MMAP_LOCK_PER_RANGE("mmapLockCycle", ns(100), ns(0), ms(10), "one mmap_read_lock + vma_lookup cycle: per range (single, v2), once per batch (v4)",
            "amdgpu_ttm_tt_get_user_pages; v4 get_user_pages_batch_locked (20260209061047.3881808-1-honglei1.huang@amd.com)"),
    FAULT_PER_PAGE("faultPerPage", ns(100), ns(0), ms(1), "per 4 KiB page faulted (hmm_range_fault over present pages: a page-table walk): at ALLOC and for the ranges a restore re-faults",
            "mm/hmm.c hmm_range_fault; amd/xdna-driver #1399: 99 ms/GB pin + sg = 0.38 us/page in all"),
    MAP_PER_PAGE("mapPerPage", ns(300), ns(0), ms(1), "per 4 KiB page DMA-mapped (IOMMU) and PTE-written: at MAP, and for the whole BO at every restore",
            "amdgpu_ttm_tt_pin_userptr (dma_map_sgtable), amdgpu_vm_bo_update; validate_invalid_user_pages"),
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
    KERNEL_HZ("kernelHz", 250L, 100L, 1000L, "the host kernel's HZ: the restore worker runs one jiffy after the first eviction (msecs_to_jiffies(1))",
            "AMDGPU_USERPTR_RESTORE_DELAY_MS = 1 in amdgpu_amdkfd_gpuvm.c; HZ=250 in Ubuntu generic kernels (discourse.ubuntu.com 42255)"),
    REVALIDATE_PER_BO("revalidatePerBo", us(10), ns(0), ms(100), "re-reserve and validate one BO on restore",
            "docs/model.md §8: 3-50 us"),
    RESTORE_GRANULARITY("restoreGranularity", RestoreGranularity.BY_ABI, "which ranges a restore re-faults: abi (single and v2: every range; v4: the invalid ones), per-range or whole-bo",
            "docs/model-mechanisms.md (restore); docs/kfd.md §4.4"),
    TEARDOWN("teardown", TeardownMode.SYNCHRONOUS, "synchronous: the guest waits for UNMAP + FREE like registration; deferred: it posts them and goes on (they still hold p->mutex)",
            "kfd_ioctl_unmap_memory_from_gpu and kfd_ioctl_free_memory_of_gpu take p->mutex like ALLOC"),
    GPU_UNMAP_PER_CALL("gpuUnmapPerCall", us(5), ns(0), ms(100), "UNMAP's CPU work under p->mutex: bo_unmap, clear_freed, blocking fence wait (its heavyweight TLB flush is tlbFlushPerMap)",
            "amdgpu_amdkfd_gpuvm_unmap_memory_from_gpu; kfd_flush_tlb_after_unmap (edcfe22985d0: GFX 9.4.2+, 10, 11, 12)"),
    KFD_FREE_FIXED("kfdFreeFixed", ns(2500), ns(0), ms(100), "FREE: amdgpu_hmm_unregister, reserve, kfd_mem_dmaunmap_attachment, detach, put",
            "amdgpu_amdkfd_gpuvm_free_memory_of_gpu; no published measurement"),
    HOST_CPUS("hostCpus", 16L, 1L, 4096L, "host CPUs shared by the VMM threads of all guests (each ioctl's work runs on one)",
            "a typical GPU server; docs/model-mechanisms.md"),
    VCPUS("vcpus", 4L, 1L, 1024L, "vCPUs of each guest: a zap of guest RAM flushes the TLB of each one",
            "kvm_flush_remote_tlbs (virt/kvm/kvm_main.c)"),
    KVM_ZAP_FIXED("kvmZapFixed", us(2), ns(0), ms(10), "KVM's MMU notifier on a host event over guest RAM: invalidate_range_start, mmu_lock, zap of the EPT entries",
            "kvm_mmu_notifier_invalidate_range_start, kvm_tdp_mmu_unmap_gfn_range; no published measurement"),
    KVM_REMOTE_FLUSH_PER_VCPU("kvmRemoteFlushPerVcpu", us(1), ns(0), ms(10), "per vCPU after a zap: the TLB-flush request and its IPI, an exit (times nestedMultiplier)",
            "kvm_make_all_cpus_request(KVM_REQ_TLB_FLUSH); no published measurement"),
    EPT_FAULT_PER_PAGE("eptFaultPerPage", us(1), ns(0), ms(1), "per 4 KiB page of zapped guest RAM the guest touches again: an EPT violation, an exit (times nestedMultiplier)",
            "kvm_tdp_page_fault; HyperTurtle (USENIX ATC 2025) on EPT-fault cost; no published figure"),
    GUEST_RAM("guestRam", GuestRamBacking.MEMFD, "how the VMM backs guest RAM: memfd (shared, QEMU memory-backend-memfd) or private anonymous memory",
            "QEMU memory-backend-memfd; mm/mremap.c MREMAP_DONTUNMAP (Brian Geffon, 5.13: non-anonymous mappings)"),
    PRESSURE_TARGET("pressureTarget", PressureTarget.REGISTERED, "where --pressure events land: registered (GPU-registered bytes), span (anywhere in each BO's span, gaps included) or guest-ram",
            "docs/model-mechanisms.md: v4's span notifier sees gap events"),
    PIN_PER_PAGE("pinPerPage", ns(100), ns(0), ms(1), "per 4 KiB page pinned by pin_user_pages_fast (svm-pinned, series v1), its unpin at teardown included; 4 KiB steps also on huge pages",
            "mm/gup.c; amd/xdna-driver issue #1399 (pin + sg table + DMA map about 0.38 us per 4 KiB page, 2 MiB pages still walked in 4 KiB steps)"),
    PIN_ACCOUNTING("pinAccounting", PinAccounting.NONE, "what pinned pages are charged to besides KFD's system-memory limit: none (the posted v1) or memlock (mm->pinned_vm against memlockLimit, as a merged version would)",
            "series v1 svm_pin_user_ranges (no accounting); drivers/gpu/drm/virtio userptr pinning (pinned_vm against RLIMIT_MEMLOCK)"),
    MEMLOCK_LIMIT("memlockLimit", 8L << 20, 0L, Long.MAX_VALUE, "RLIMIT_MEMLOCK of the VMM in bytes, checked when pinAccounting is memlock",
            "include/uapi/linux/resource.h MLOCK_LIMIT: 8 MiB since Linux 5.16"),
    OVERSUBSCRIBE("oversubscribe", 0.0, 0.0, 100.0, "other demand on the host's RAM, so that all demand is this many times host RAM (0: none); above 1, pinned pages cannot be given back and pinning more fails with ENOMEM",
            "modelling choice: docs/model.md, svm-pinned"),
    SVM_PREFETCH_PER_PAGE("svmPrefetchPerPage", ns(500), ns(0), ms(1), "per 4 KiB page migrated by an SVM prefetch (svm scenario: to VRAM at registration, back to system memory at teardown)",
            "kfd_migrate.c svm_migrate_to_vram / svm_migrate_vram_to_ram: migrate_vma_setup and SDMA copies through the GART window; an estimate");

    /** Parameters that no longer exist, with the sentence telling a profile what to say instead. */
    private static final Map<String, String> RETIRED = Map.of(
            "perPage", "perPage was split where the kernel splits it: set faultPerPage (hmm_range_fault, at ALLOC and"
                    + " for re-faulted ranges) and mapPerPage (DMA map + PTE write, redone for the whole BO at every restore)",
            "perRange", "perRange was split by ABI: set notifierInsertPerRange, hmmRangePerRange and mmapLockCycle",
            "userptrRestoreDelay", "userptrRestoreDelay is now one jiffy of the host kernel: set kernelHz (250: 4 ms, 1000: 1 ms)");

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

    /** The parameter named {@code key}, or a ConfigException naming what to use instead or listing the known names. */
    public static Parameter require(String key, String where) {
        return byKey(key).orElseThrow(() -> new ConfigException(RETIRED.containsKey(key)
                ? RETIRED.get(key) + where
                : "unknown parameter '" + key + "'" + where + "; known parameters: " + knownKeys()));
    }

    /** Whether {@code key} names a parameter the model no longer has. */
    public static boolean isRetired(String key) {
        return RETIRED.containsKey(key);
    }

    /** Why {@code key}, not a parameter, is refused: what replaced it, or the list of known names. */
    public static String unknownKeyProblem(String key) {
        return RETIRED.containsKey(key) ? "is no longer a parameter: " + RETIRED.get(key)
                : "is not a known parameter (known: " + knownKeys() + ")";
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
