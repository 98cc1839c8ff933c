package dev.scatterbatch.host.kfd;

import dev.scatterbatch.host.mm.MmStruct;
import dev.scatterbatch.host.mm.PageCounts;
import dev.scatterbatch.host.sync.BusyCalendar;
import dev.scatterbatch.host.mm.Vma;
import dev.scatterbatch.model.cost.Component;
import dev.scatterbatch.model.cost.CostLedger;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.sim.EventQueue;
import dev.scatterbatch.model.uapi.AllocFlags;
import dev.scatterbatch.model.uapi.AllocMemoryOfGpuArgs;
import dev.scatterbatch.model.uapi.AllocMemoryOfGpuBatchArgs;
import dev.scatterbatch.model.uapi.AvailableMemoryArgs;
import dev.scatterbatch.model.uapi.Errno;
import dev.scatterbatch.model.uapi.FreeMemoryOfGpuArgs;
import dev.scatterbatch.model.uapi.GetVersionArgs;
import dev.scatterbatch.model.uapi.IoctlCommand;
import dev.scatterbatch.model.uapi.IoctlResult;
import dev.scatterbatch.model.uapi.KfdHandle;
import dev.scatterbatch.model.uapi.KfdIoctlArgs;
import dev.scatterbatch.model.uapi.MapMemoryToGpuArgs;
import dev.scatterbatch.model.uapi.SvmArgs;
import dev.scatterbatch.model.uapi.SvmAttribute;
import dev.scatterbatch.model.uapi.SvmRangesArgs;
import dev.scatterbatch.model.uapi.UserMemory;
import dev.scatterbatch.model.uapi.UserptrRange;
import dev.scatterbatch.model.uapi.UserptrRangesData;
import dev.scatterbatch.model.wire.RestoreOutcome;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One KFD process ({@code struct kfd_process}, primary context) on the host, with its mm: the ioctls of
 * {@code kfd_chardev.c} with every check in the kernel's order and errno (docs/kfd.md sections 3.1
 * to 3.5), the userptr BOs of both batch ABIs, and the eviction/restore state machine on the virtual clock.
 *
 * <p>Every ioctl method charges {@code hostIoctl} to {@link Component#HOST_IOCTL}, also on failure. A successful
 * allocation charges {@code kfdAllocFixed} ({@link Component#KFD_FIXED}), the per-range work of its ABI
 * ({@link TrapCostProfile#rangeWorkNs}, {@link Component#PER_RANGE}) and {@code faultPerPage} per 4 KiB page
 * faulted, times {@code hugePageFactor} where the mapping is backed by 2 MiB pages ({@link Component#PER_PAGE}).
 * MAP charges {@code gpuMapPerCall + tlbFlushPerMap} per device it maps ({@link Component#GPU_MAP}) and
 * {@code mapPerPage} per page it writes PTEs for; UNMAP {@code gpuUnmapPerCall + tlbFlushPerMap} per device and
 * FREE {@code kfdFreeFixed} ({@link Component#TEARDOWN}). Costs come from the profile current at the call. The
 * restore worker charges no caller: it runs on the {@link EventQueue} and reports queue stalls to
 * {@link QueueEvictionListener}s. Who waits for whose locks is {@link KfdLockSchedule}'s business.
 *
 * <p>A failed ALLOC, ALLOC_BATCH or FREE leaves no trace. MAP and UNMAP work device by device as the kernel does:
 * devices done before a failing one stay done, and {@code n_success} says how far it got.
 */
public final class KfdProcess {

    /** {@code KMALLOC_MAX_SIZE} on x86-64: larger device arrays fail to allocate. */
    private static final long KMALLOC_MAX_SIZE = 4L << 20;
    private static final long PAGE = 4096;
    /** A {@code __u32} of user memory, read in place (no buffer view per MAP). */
    private static final VarHandle U32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    /** {@code KFD_MMAP_GPU_ID_SHIFT}; MMIO offsets are {@code KFD_MMAP_TYPE_MMIO (0) | gpu_id << 46}. */
    private static final int KFD_MMAP_GPU_ID_SHIFT = 46;

    private final KfdEnvironment env;
    private final KfdDriver driver;
    private final EventQueue clock;
    private final Supplier<TrapCostProfile> profile;
    private final MmStruct mm;
    private final Map<Integer, KfdProcessDevice> pdds = new LinkedHashMap<>();
    /** {@link #pdds}' devices in the same order, for {@link #pdd}. */
    private final KfdProcessDevice[] pddList;
    private final SvmRangeList svms;
    private final SvmIovecs iovecs;
    private final SvmRestoreWorker svmRestore;
    private final ProcessQueues queues = new ProcessQueues();
    private final AmdkfdProcessInfo processInfo;
    private final AmdgpuAmdkfdGpuvm gpuvm;
    /** {@code p->mutex}: every memory ioctl of the process holds it. */
    final BusyCalendar mutex = new BusyCalendar();
    private final KfdChardev chardev;
    /**
     * MAP's and UNMAP's copy of the user's device-id array, which the kernel frees again before returning: one buffer
     * the size of {@code MAX_GPU_INSTANCE} (64) ids serves every call (a larger array gets its own).
     */
    private final byte[] deviceIds = new byte[64 * 4];

    /** A process with a driver of its own, built from {@code env}. */
    public KfdProcess(KfdEnvironment env, EventQueue clock, Supplier<TrapCostProfile> profile) {
        this(new KfdDriver(env), env, clock, profile);
    }

    /**
     * A process on a shared driver: {@code env}'s process fields (devices, context, VM acquisition, signal BO)
     * apply; its devices must be the driver's.
     */
    public KfdProcess(KfdDriver driver, KfdEnvironment env, EventQueue clock, Supplier<TrapCostProfile> profile) {
        this(driver, env, clock, profile, Integer.MAX_VALUE);
    }

    /** As above with idr ids below {@code idrEnd} (tests reach the full-idr path with a small end). */
    KfdProcess(KfdDriver driver, KfdEnvironment env, EventQueue clock, Supplier<TrapCostProfile> profile, int idrEnd) {
        this.env = env;
        this.driver = driver;
        this.clock = clock;
        this.profile = profile;
        this.mm = new MmStruct(() -> profile.get().maxMapCount());
        this.svmRestore = new SvmRestoreWorker(clock, profile, queues, this::chargedSvmRanges, mm);
        this.svms = new SvmRangeList(mm, driver.memLimit(), driver.node(env.nodes().getFirst().gpuId()), r -> svmRestore.evict());
        this.iovecs = new SvmIovecs(mm, driver.pinnedMemory());
        this.processInfo = new AmdkfdProcessInfo(clock, profile, queues, mm);
        this.gpuvm = new AmdgpuAmdkfdGpuvm(driver.memLimit(), driver.hostRam() / 2, mm, processInfo);
        for (KfdNodeProperties node : env.nodes()) {
            int gpuId = node.gpuId();
            KfdProcessDevice pdd = new KfdProcessDevice(driver.node(gpuId), node, processInfo,
                    !env.vmNotAcquired().contains(gpuId), idrEnd);
            if (pdd.vmAcquired) pdd.drmFd = node.renderFd();
            if (env.firstIdr() > 0) pdd.allocIdr.reserveBelow(env.firstIdr());
            pdds.put(gpuId, pdd);
        }
        this.pddList = pdds.values().toArray(new KfdProcessDevice[0]);
        // a process that already has a signal BO made it libhsakmt's 32 KiB event page (4096 slots)
        this.chardev = new KfdChardev(env, pdds, svms, clock, env.signalHandle() != 0 ? SIGNAL_PAGE_BYTES : 0);
    }

    /** {@code svm_range_is_valid} refuses VM_IO/VM_PFNMAP mappings. */
    private static final Set<Vma.Kind> SVM_VALID_VMAS = EnumSet.of(Vma.Kind.ANONYMOUS, Vma.Kind.PROT_NONE);

    /** libhsakmt's event page: {@code KFD_SIGNAL_EVENT_LIMIT} (4096) slots of 8 bytes. */
    private static final long SIGNAL_PAGE_BYTES = 4096 * 8;

    // ---------------------------------------------------------------- ioctls

    /** {@code AMDKFD_IOC_ALLOC_MEMORY_OF_GPU}, including the v3/v4 {@code USERPTR_BATCH} flag ABI. */
    public IoctlResult<AllocMemoryOfGpuArgs> allocMemoryOfGpu(AllocMemoryOfGpuArgs args, UserMemory user, CostLedger ledger) {
        TrapCostProfile p = chargeEntry(ledger);
        return alloc(args, user, p, ledger);
    }

    /** {@code AMDKFD_IOC_ALLOC_MEMORY_OF_GPU_BATCH} (batch series v2: one notifier per range). */
    public IoctlResult<AllocMemoryOfGpuBatchArgs> allocMemoryOfGpuBatch(AllocMemoryOfGpuBatchArgs args, UserMemory user,
                                                                        CostLedger ledger) {
        TrapCostProfile p = chargeEntry(ledger);
        return allocBatch(args, user, p, ledger);
    }

    /** {@code AMDKFD_IOC_MAP_MEMORY_TO_GPU}: maps the BO into the VM of each device in the user's id array. */
    public IoctlResult<MapMemoryToGpuArgs> mapMemoryToGpu(MapMemoryToGpuArgs args, UserMemory user, CostLedger ledger) {
        TrapCostProfile p = chargeEntry(ledger);
        return map(args, user, p, ledger);
    }

    /** {@code AMDKFD_IOC_UNMAP_MEMORY_FROM_GPU}. */
    public IoctlResult<MapMemoryToGpuArgs> unmapMemoryFromGpu(MapMemoryToGpuArgs args, UserMemory user, CostLedger ledger) {
        TrapCostProfile p = chargeEntry(ledger);
        return unmap(args, user, p, ledger);
    }

    /** {@code AMDKFD_IOC_FREE_MEMORY_OF_GPU}. */
    public IoctlResult<FreeMemoryOfGpuArgs> freeMemoryOfGpu(FreeMemoryOfGpuArgs args, CostLedger ledger) {
        TrapCostProfile p = chargeEntry(ledger);
        return free(args, p, ledger);
    }

    /**
     * ALLOC of {@code size} bytes at GPU VA {@code vaAddr} on {@code gpuId} ({@code mmapOffset}: a userptr's CPU
     * address, or the v3/v4 ranges data) as the host's own caller issues it, which reads back only the handle: the
     * new BO's handle (positive: a gpu_id is 16-bit, see {@link KfdEnvironment}), or {@code -errno}; no argument struct
     * is made.
     */
    public long allocMemoryOfGpu(int gpuId, long vaAddr, long size, long mmapOffset, int flags, UserMemory user,
                                 CostLedger ledger) {
        TrapCostProfile p = chargeEntry(ledger);
        return allocate(gpuId, vaAddr, size, mmapOffset, flags, user, p, ledger);
    }

    /**
     * MAP of BO {@code handle} on the {@code nDevices} ids at {@code deviceIdsArrayPtr} from the first, as the host's
     * own caller issues it, which reads back only the return value: 0 or {@code -errno}, with no struct made.
     */
    public int mapMemoryToGpu(long handle, long deviceIdsArrayPtr, int nDevices, UserMemory user, CostLedger ledger) {
        TrapCostProfile p = chargeEntry(ledger);
        return retOf(mapOrUnmap(handle, deviceIdsArrayPtr, nDevices, 0, user, true, p, ledger));
    }

    /** UNMAP as {@link #mapMemoryToGpu(long, long, int, UserMemory, CostLedger)} maps: 0 or {@code -errno}. */
    public int unmapMemoryFromGpu(long handle, long deviceIdsArrayPtr, int nDevices, UserMemory user, CostLedger ledger) {
        TrapCostProfile p = chargeEntry(ledger);
        return retOf(mapOrUnmap(handle, deviceIdsArrayPtr, nDevices, 0, user, false, p, ledger));
    }

    /** FREE of BO {@code handle}, with no struct made: 0 or {@code -errno}. */
    public int freeMemoryOfGpu(long handle, CostLedger ledger) {
        TrapCostProfile p = chargeEntry(ledger);
        return free(handle, p, ledger);
    }

    /**
     * {@code AMDKFD_IOC_SVM} with {@code KFD_IOCTL_SVM_OP_SET_ATTR}: registers an SVM range for the allocation
     * checks. Attributes are not modelled; {@code GET_ATTR} succeeds without effect.
     */
    public IoctlResult<SvmArgs> svm(SvmArgs args, CostLedger ledger) {
        chargeEntry(ledger);
        return svmSetAttr(args);
    }

    /**
     * {@code AMDKFD_IOC_SVM} with its attributes ({@code svm_ioctl}): SET_ATTR registers, migrates and maps as
     * {@code svm_range_set_attr} does (see {@link #svmAttrs}); GET_ATTR checks and changes nothing.
     */
    public IoctlResult<SvmArgs> svm(SvmArgs args, List<SvmAttribute> attrs, CostLedger ledger) {
        TrapCostProfile p = chargeEntry(ledger);
        return svmAttrs(args, attrs, p, ledger);
    }

    /** {@code AMDKFD_IOC_SVM_RANGES} of the batch series v1 (nr 0x27 in the posted patch; see {@link #svmRangesHandler}). */
    public IoctlResult<SvmRangesArgs> svmRanges(SvmRangesArgs args, UserMemory user, CostLedger ledger) {
        TrapCostProfile p = chargeEntry(ledger);
        return svmRangesHandler(args, user, p, ledger);
    }

    /**
     * {@code munmap(addr, len)} by the process: pinned VMAs in the range are closed and unpinned
     * ({@code svm_iovec_close}), SVM ranges lose the unmapped part, and each GPU-mapped SVM range removed is unmapped
     * from the GPU ({@code svm_range_unmap_from_cpu}: {@code gpuUnmapPerCall} and {@code kfdFreeFixed} per range,
     * one heavyweight {@code tlbFlushPerMap}), charged to {@link Component#TEARDOWN}. Returns 0 or {@code -errno}.
     */
    public int munmap(long addr, long len, CostLedger ledger) {
        int ret = mm.munmap(addr, len);
        if (ret != 0) return ret;
        iovecs.close(addr, addr + len);
        long ranges = svms.takeUnmappedFromGpu();
        if (ranges > 0) {
            TrapCostProfile p = profile.get();
            ledger.charge(Component.TEARDOWN, ranges * (p.gpuUnmapPerCallNs() + p.kfdFreeFixedNs()) + p.tlbFlushPerMapNs());
        }
        return 0;
    }

    /** {@code AMDKFD_IOC_AVAILABLE_MEMORY}: VRAM still available on the device. */
    public IoctlResult<AvailableMemoryArgs> availableMemory(AvailableMemoryArgs args, CostLedger ledger) {
        chargeEntry(ledger);
        return available(args);
    }

    /**
     * {@code ioctl(kfd_fd, cmd, arg)} through the dispatcher ({@code kfd_ioctl}): nr outside the command range is
     * {@code -ENOTTY}; the kernel uses its own definition of the command, copies {@code _IOC_SIZE(cmd)} bytes from
     * {@code arg} (zero-filling up to the kernel's struct size; a fault is {@code -EFAULT}), runs the handler and
     * copies the struct back, where a fault overrides the handler's return with {@code -EFAULT}. The result's
     * {@code args} is the struct as the kernel left it (null when no handler ran).
     *
     * @throws UnmodelledIoctlException when a handler the model does not implement would run
     */
    public IoctlResult<? extends KfdIoctlArgs> ioctl(int cmd, long arg, UserMemory user, CostLedger ledger) {
        TrapCostProfile p = chargeEntry(ledger);
        int nr = IoctlCommand.nrOf(cmd);
        if (nr < IoctlCommand.COMMAND_START || nr >= env.kernel().commandEnd()) {
            return new IoctlResult<>(env.kernel().unknownIoctlErrno().ret(), null);
        }
        return KfdIoctlDispatcher.dispatch(this, cmd, arg, user, p, ledger);
    }

    // ---------------------------------------------------------------- handlers (kfd_chardev.c)

    private TrapCostProfile chargeEntry(CostLedger ledger) {
        TrapCostProfile p = profile.get();
        ledger.charge(Component.HOST_IOCTL, p.hostIoctlNs());
        return p;
    }

    IoctlResult<AllocMemoryOfGpuArgs> alloc(AllocMemoryOfGpuArgs a, UserMemory user, TrapCostProfile p, CostLedger ledger) {
        long handle = allocate(a.gpuId(), a.vaAddr(), a.size(), a.mmapOffset(), a.flags(), user, p, ledger);
        return handle < 0 ? new IoctlResult<>((int) handle, a) : IoctlResult.ok(a.withResult(handle, mmapOffset(a, handle)));
    }

    /** {@code kfd_ioctl_alloc_memory_of_gpu} up to its copy back: the new BO's handle, or {@code -errno}. */
    private long allocate(int gpuId, long vaAddr, long size, long mmapOffset, int flags, UserMemory user, TrapCostProfile p,
                          CostLedger ledger) {
        if (size == 0) return Errno.EINVAL.ret();
        if (!env.primaryContext() && (flags & AllocFlags.USERPTR) != 0) return Errno.EOPNOTSUPP.ret();
        boolean batch = isUserptrBatch(flags);
        List<UserptrRange> ranges = null;
        if (batch) {
            if (mmapOffset == 0) return Errno.EINVAL.ret();
            byte[] header = user.copyFromUser(mmapOffset, UserptrRangesData.HEADER_SIZE);
            if (header == null) return Errno.EFAULT.ret();
            int[] h = UserptrRangesData.decodeHeader(header);
            if (h[0] == 0) return Errno.EINVAL.ret();
            if (h[1] != 0) return Errno.EINVAL.ret();
            Copied<List<UserptrRange>> read = readRanges(user, mmapOffset + UserptrRangesData.HEADER_SIZE, h[0]);
            if (read.error() != null) return read.error().ret();
            ranges = read.value();
            Errno bad = checkRanges(ranges, size);
            if (bad != null) return bad.ret();
        }
        if (!(vaAddr == 0 && (flags & AllocFlags.VRAM) != 0) && svmOverlaps(vaAddr, size)) {
            return Errno.EADDRINUSE.ret();
        }
        if (batch) {
            if (anyRangeInSvm(ranges)) return Errno.EADDRINUSE.ret();
        } else if ((flags & AllocFlags.USERPTR) != 0 && svmOverlaps(mmapOffset, size)) {
            return Errno.EADDRINUSE.ret();
        }
        KfdProcessDevice pdd = pdd(gpuId);
        if (pdd == null) return Errno.EINVAL.ret();
        if ((flags & AllocFlags.PUBLIC) != 0 && (flags & AllocFlags.VRAM) != 0 && !pdd.node.isLargeBar()) {
            return Errno.EINVAL.ret();
        }
        if (!pdd.vmAcquired) return Errno.ENODEV.ret();
        if ((flags & AllocFlags.DOORBELL) != 0) {
            if (size != KfdNode.DOORBELL_PROCESS_SLICE) return Errno.EINVAL.ret();
        } else if ((flags & AllocFlags.MMIO_REMAP) != 0) {
            if (size != PAGE) return Errno.EINVAL.ret();
        }
        AmdgpuAmdkfdGpuvm.Allocated alloc = batch
                ? gpuvm.allocMemoryOfGpuBatch(pdd, vaAddr, size, ranges, flags, UserptrAbi.BATCH_V4)
                : gpuvm.allocMemoryOfGpu(pdd, vaAddr, size, mmapOffset, flags);
        if (!(alloc instanceof KgdMem mem)) return ((AmdgpuAmdkfdGpuvm.Failed) alloc).ret();
        long handle = createObjHandle(pdd, mem);
        if (handle < 0) return Errno.EFAULT.ret();
        if (mem.domain() == KgdMem.Domain.VRAM) pdd.vramUsage += mem.boSize;
        chargeAllocation(mem, p, ledger);
        return handle;
    }

    /**
     * The {@code mmap_offset} ALLOC writes back for the BO {@code handle} it made: none for a v3/v4 batch, the
     * device's doorbell/MMIO page for {@code MMIO_REMAP}, else the BO's DRM offset.
     */
    private long mmapOffset(AllocMemoryOfGpuArgs a, long handle) {
        if (isUserptrBatch(a.flags())) return 0;
        if ((a.flags() & AllocFlags.MMIO_REMAP) != 0) return (a.gpuId() & 0xFFFFL) << KFD_MMAP_GPU_ID_SHIFT;
        return pdd(a.gpuId()).allocIdr.find(KfdHandle.idr(handle)).drmMmapOffset;
    }

    /** Whether ALLOC's {@code flags} ask for the v3/v4 {@code USERPTR_BATCH} ABI (only with {@code USERPTR}). */
    private static boolean isUserptrBatch(int flags) {
        return (flags & AllocFlags.USERPTR) != 0 && (flags & AllocFlags.USERPTR_BATCH) != 0;
    }

    IoctlResult<AllocMemoryOfGpuBatchArgs> allocBatch(AllocMemoryOfGpuBatchArgs a, UserMemory user, TrapCostProfile p,
                                                      CostLedger ledger) {
        if (a.totalSize() == 0) return IoctlResult.error(Errno.EINVAL, a);
        if (a.numRanges() == 0) return IoctlResult.error(Errno.EINVAL, a);
        if (a.rangesPtr() == 0) return IoctlResult.error(Errno.EINVAL, a);
        if ((a.flags() & AllocFlags.USERPTR) == 0) return IoctlResult.error(Errno.EOPNOTSUPP, a);
        if (!env.primaryContext()) return IoctlResult.error(Errno.EOPNOTSUPP, a);
        Copied<List<UserptrRange>> read = readRanges(user, a.rangesPtr(), a.numRanges());
        if (read.error() != null) return IoctlResult.error(read.error(), a);
        List<UserptrRange> ranges = read.value();
        Errno bad = checkRanges(ranges, a.totalSize());
        if (bad != null) return IoctlResult.error(bad, a);
        if (a.vaAddr() != 0 && svmOverlaps(a.vaAddr(), a.totalSize())) return IoctlResult.error(Errno.EADDRINUSE, a);
        if (anyRangeInSvm(ranges)) return IoctlResult.error(Errno.EADDRINUSE, a);
        KfdProcessDevice pdd = pdd(a.gpuId());
        if (pdd == null) return IoctlResult.error(Errno.EINVAL, a);
        if (!pdd.vmAcquired) return IoctlResult.error(Errno.ENODEV, a);
        AmdgpuAmdkfdGpuvm.Allocated alloc = gpuvm.allocMemoryOfGpuBatch(pdd, a.vaAddr(), a.totalSize(), ranges,
                a.flags(), UserptrAbi.BATCH_V2);
        if (!(alloc instanceof KgdMem mem)) return new IoctlResult<>(((AmdgpuAmdkfdGpuvm.Failed) alloc).ret(), a);
        long handle = createObjHandle(pdd, mem);
        if (handle < 0) return IoctlResult.error(Errno.EFAULT, a);
        chargeAllocation(mem, p, ledger);
        return IoctlResult.ok(a.withHandle(handle));
    }

    IoctlResult<FreeMemoryOfGpuArgs> free(FreeMemoryOfGpuArgs a, TrapCostProfile p, CostLedger ledger) {
        return new IoctlResult<>(free(a.handle(), p, ledger), a);
    }

    /** {@code kfd_ioctl_free_memory_of_gpu} of BO {@code handle}: 0 or {@code -errno} (FREE writes nothing back). */
    private int free(long handle, TrapCostProfile p, CostLedger ledger) {
        if (chardev.signalHandle != 0 && chardev.signalHandle == handle) return Errno.EPERM.ret();
        KfdProcessDevice pdd = pdd(KfdHandle.gpuId(handle));
        if (pdd == null) return Errno.EINVAL.ret();
        KgdMem mem = pdd.allocIdr.find(KfdHandle.idr(handle));
        if (mem == null) return Errno.EINVAL.ret();
        int ret = gpuvm.freeMemoryOfGpu(mem);
        if (ret != 0) return ret;
        pdd.allocIdr.remove(KfdHandle.idr(handle));
        if (mem.domain() == KgdMem.Domain.VRAM) pdd.vramUsage -= mem.boSize;
        ledger.charge(Component.TEARDOWN, p.kfdFreeFixedNs());
        return 0;
    }

    IoctlResult<MapMemoryToGpuArgs> map(MapMemoryToGpuArgs a, UserMemory user, TrapCostProfile p, CostLedger ledger) {
        return writtenBack(a, mapOrUnmap(a.handle(), a.deviceIdsArrayPtr(), a.nDevices(), a.nSuccess(), user, true, p, ledger));
    }

    IoctlResult<MapMemoryToGpuArgs> unmap(MapMemoryToGpuArgs a, UserMemory user, TrapCostProfile p, CostLedger ledger) {
        return writtenBack(a, mapOrUnmap(a.handle(), a.deviceIdsArrayPtr(), a.nDevices(), a.nSuccess(), user, false, p, ledger));
    }

    /** MAP's or UNMAP's result: the return value, and the args with the {@code n_success} KFD wrote back. */
    private static IoctlResult<MapMemoryToGpuArgs> writtenBack(MapMemoryToGpuArgs a, long retAndDone) {
        int done = doneOf(retAndDone);
        return new IoctlResult<>(retOf(retAndDone), done == a.nSuccess() ? a : a.withNSuccess(done));
    }

    /** The return value of a {@link #mapOrUnmap} result. */
    private static int retOf(long retAndDone) {
        return (int) (retAndDone >> 32);
    }

    /** The {@code n_success} of a {@link #mapOrUnmap} result. */
    private static int doneOf(long retAndDone) {
        return (int) retAndDone;
    }

    /** A {@link #mapOrUnmap} result: the return value in the high half, {@code n_success} in the low. */
    private static long retAndDone(int ret, int done) {
        return (long) ret << 32 | Integer.toUnsignedLong(done);
    }

    /**
     * {@code kfd_ioctl_map_memory_to_gpu} and {@code kfd_ioctl_unmap_memory_from_gpu}: the same checks, except that
     * only MAP binds the process to the handle's device and to each peer; device by device from {@code n_success}.
     * Each device mapped costs {@code gpuMapPerCall + tlbFlushPerMap} and, where PTEs were written (not for an
     * invalid userptr), {@code mapPerPage} per page; each device unmapped {@code gpuUnmapPerCall + tlbFlushPerMap}
     * (its heavyweight flush), charged to {@link Component#TEARDOWN}. The return value and the {@code n_success}
     * written back come packed in one {@code long} ({@link #retOf}, {@link #doneOf}), so the host's own calls, which
     * read only the return value, make no struct.
     */
    private long mapOrUnmap(long handle, long deviceIdsArrayPtr, int nDevices, int nSuccess, UserMemory user, boolean map,
                            TrapCostProfile p, CostLedger ledger) {
        Errno bad = checkDeviceArray(nDevices, nSuccess);
        if (bad != null) return retAndDone(bad.ret(), nSuccess);
        // memdup_user of the __u32 ids into a kernel buffer, read in place below
        int devices = nDevices;
        byte[] ids = devices * 4 <= deviceIds.length ? deviceIds : new byte[devices * 4];
        if (!user.copyFromUser(deviceIdsArrayPtr, ids, devices * 4)) return retAndDone(Errno.EFAULT.ret(), nSuccess);
        KfdProcessDevice pdd = pdd(KfdHandle.gpuId(handle));
        if (pdd == null) return retAndDone(Errno.EINVAL.ret(), nSuccess);
        if (map && !pdd.vmAcquired) return retAndDone(Errno.ENODEV.ret(), nSuccess);
        KgdMem mem = pdd.allocIdr.find(KfdHandle.idr(handle));
        if (mem == null) return retAndDone(Errno.ENOMEM.ret(), nSuccess);
        int done = nSuccess;
        for (int i = nSuccess; i < devices; i++) {
            KfdProcessDevice peer = pdd((int) U32.get(ids, i * 4));
            if (peer == null) return retAndDone(Errno.EINVAL.ret(), done);
            if (map && !peer.vmAcquired) return retAndDone(Errno.ENODEV.ret(), done);
            int ret = map ? gpuvm.mapMemoryToGpu(mem, peer) : gpuvm.unmapMemoryFromGpu(mem, peer);
            if (ret != 0) return retAndDone(ret, done);
            done = i + 1;
            if (map) {
                ledger.charge(Component.GPU_MAP, p.gpuMapPerCallNs() + p.tlbFlushPerMapNs());
                if (mem.ptesValidIn(peer)) ledger.charge(Component.PER_PAGE, mem.pagesCostNs(p.mapPerPageNs(), p.hugePageFactor()));
            } else {
                ledger.charge(Component.TEARDOWN, p.gpuUnmapPerCallNs() + p.tlbFlushPerMapNs());
            }
        }
        return retAndDone(0, done);
    }

    IoctlResult<SvmArgs> svmSetAttr(SvmArgs a) {
        if ((a.startAddr() & (PAGE - 1)) != 0 || (a.size() & (PAGE - 1)) != 0) return IoctlResult.error(Errno.EINVAL, a);
        if (a.startAddr() == 0 || a.size() == 0) return IoctlResult.error(Errno.EINVAL, a);
        if (a.op() == SvmArgs.OP_GET_ATTR) return IoctlResult.ok(a);
        if (a.op() != SvmArgs.OP_SET_ATTR) return IoctlResult.error(Errno.EINVAL, a);
        long end = a.startAddr() + a.size();
        if (Long.compareUnsigned(end, a.startAddr()) <= 0) return IoctlResult.error(Errno.EINVAL, a);
        // svm_range_is_valid: every page mapped by the CPU, none mapped by a KFD BO in any of the process's VMs
        if (!mm.isMapped(a.startAddr(), end, SVM_VALID_VMAS)) return IoctlResult.error(Errno.EFAULT, a);
        long first = a.startAddr() >>> 12;
        long last = (end - 1) >>> 12;
        for (KfdProcessDevice pdd : pdds.values()) {
            if (pdd.vm.anyMappingOverlaps(first, last)) return IoctlResult.error(Errno.EADDRINUSE, a);
        }
        svms.add(first, last);
        return IoctlResult.ok(a);
    }

    /**
     * {@code kfd_ioctl_svm_ranges} as posted in the series v1: {@code nranges} or {@code ranges_ptr} 0, or
     * {@code start_addr} or {@code size} 0, is {@code -EINVAL}; the range array is copied ({@code -ENOMEM},
     * {@code -EFAULT}); {@code svm_pin_user_ranges} pins every range behind the VMA at {@code start_addr}
     * ({@code pinPerPage} per page pinned, {@link Component#PER_PAGE}); then the attributes are copied
     * ({@code -EFAULT}) and the call goes on as {@code AMDKFD_IOC_SVM} over {@code [start_addr, +size)}. Pages pinned
     * before a later failure stay pinned until the VMA is unmapped: v1 is not transactional.
     */
    IoctlResult<SvmRangesArgs> svmRangesHandler(SvmRangesArgs a, UserMemory user, TrapCostProfile p, CostLedger ledger) {
        if (a.nranges() == 0 || a.rangesPtr() == 0) return IoctlResult.error(Errno.EINVAL, a);
        if (a.startAddr() == 0 || a.size() == 0) return IoctlResult.error(Errno.EINVAL, a);
        Copied<List<UserptrRange>> read = readRanges(user, a.rangesPtr(), a.nranges());
        if (read.error() != null) return IoctlResult.error(read.error(), a);
        long before = driver.pinnedMemory().pinnedPages();
        int ret = iovecs.pin(a.startAddr(), a.size(), read.value(), p);
        if (ret != 0) return new IoctlResult<>(ret, a);
        ledger.charge(Component.PER_PAGE, (driver.pinnedMemory().pinnedPages() - before) * p.pinPerPageNs());
        long attrBytes = Integer.toUnsignedLong(a.nattr()) * SvmAttribute.SIZE;
        if (attrBytes + SvmArgs.SIZE > Integer.MAX_VALUE) return IoctlResult.error(Errno.ENOMEM, a);
        byte[] raw = attrBytes == 0 ? new byte[0] : user.copyFromUser(a.attrsPtr(), attrBytes);
        if (raw == null) return IoctlResult.error(Errno.EFAULT, a);
        IoctlResult<SvmArgs> svm = svmAttrs(new SvmArgs(a.startAddr(), a.size(), a.op(), a.nattr()), SvmAttribute.decodeArray(raw), p, ledger);
        return new IoctlResult<>(svm.ret(), a);
    }

    /**
     * {@code svm_ioctl} with attributes, in the kernel's order: alignment and zero checks ({@code -EINVAL}), the op;
     * SET: {@code svm_range_check_attr} ({@code -EINVAL}: an unknown type, a location or access value that is not a
     * gpu_id of the process; v1's MAPPED is known), {@code svm_range_is_valid} ({@code -EFAULT}; with MAPPED a
     * device VMA is accepted), {@code svm_range_check_vm} ({@code -EADDRINUSE}), {@code svm_range_add} (new ranges
     * charged to the system-memory limit, {@code -ENOMEM}); then per range the prefetch ({@code svmPrefetchPerPage}
     * per page migrated either way, {@link Component#PER_PAGE}) and the mapping of ranges the GPU may access
     * ({@code svm_range_validate_and_map}: a fault of system-memory pages that are not pinned, {@code faultPerPage};
     * {@code mapPerPage}; one {@code gpuMapPerCall + tlbFlushPerMap}), or the unmapping of ranges it may no longer
     * access ({@code gpuUnmapPerCall + tlbFlushPerMap}, {@link Component#TEARDOWN}). A SET that only revokes access
     * costs {@code kfdFreeFixed} ({@link Component#TEARDOWN}), any other {@code kfdAllocFixed}
     * ({@link Component#KFD_FIXED}); per range the work of one notifier per new range and one mmap_lock cycle
     * ({@link Component#PER_RANGE}).
     */
    IoctlResult<SvmArgs> svmAttrs(SvmArgs a, List<SvmAttribute> attrs, TrapCostProfile p, CostLedger ledger) {
        if ((a.startAddr() & (PAGE - 1)) != 0 || (a.size() & (PAGE - 1)) != 0) return IoctlResult.error(Errno.EINVAL, a);
        if (a.startAddr() == 0 || a.size() == 0) return IoctlResult.error(Errno.EINVAL, a);
        long end = a.startAddr() + a.size();
        if (a.op() == SvmArgs.OP_GET_ATTR) {
            if (!mm.isMapped(a.startAddr(), end, SVM_VALID_VMAS)) return IoctlResult.error(Errno.EFAULT, a);
            for (SvmAttribute at : attrs) {
                boolean bad = switch (at.type()) {
                    case SvmAttribute.PREFERRED_LOC, SvmAttribute.PREFETCH_LOC, SvmAttribute.SET_FLAGS, SvmAttribute.CLR_FLAGS,
                         SvmAttribute.GRANULARITY -> false;
                    case SvmAttribute.ACCESS -> !pdds.containsKey(at.value());
                    default -> true;
                };
                if (bad) return IoctlResult.error(Errno.EINVAL, a);
            }
            return IoctlResult.ok(a);
        }
        if (a.op() != SvmArgs.OP_SET_ATTR) return IoctlResult.error(Errno.EINVAL, a);
        if (Long.compareUnsigned(end, a.startAddr()) <= 0) return IoctlResult.error(Errno.EINVAL, a);
        boolean pinned = false;
        for (SvmAttribute at : attrs) {
            if (!validSetAttr(at)) return IoctlResult.error(Errno.EINVAL, a);
            pinned |= at.type() == SvmAttribute.MAPPED;
        }
        boolean valid = pinned ? mm.isMapped(a.startAddr(), end) : mm.isMapped(a.startAddr(), end, SVM_VALID_VMAS);
        if (!valid) return IoctlResult.error(Errno.EFAULT, a);
        long first = a.startAddr() >>> 12;
        long last = (end - 1) >>> 12;
        for (KfdProcessDevice pdd : pdds.values()) {
            if (pdd.vm.anyMappingOverlaps(first, last)) return IoctlResult.error(Errno.EADDRINUSE, a);
        }
        int before = svms.size();
        List<SvmRangeList.SvmRange> ranges = svms.addCharged(first, last);
        if (ranges == null) return IoctlResult.error(Errno.ENOMEM, a);
        applyAttrs(ranges, attrs, pinned, svms.size() - before, p, ledger);
        return IoctlResult.ok(a);
    }

    /** {@code svm_range_check_attr} for one SET attribute (the v1 patch adds MAPPED). */
    private boolean validSetAttr(SvmAttribute at) {
        int v = at.value();
        return switch (at.type()) {
            case SvmAttribute.PREFERRED_LOC -> v == SvmAttribute.LOCATION_SYSMEM || v == SvmAttribute.LOCATION_UNDEFINED || pdds.containsKey(v);
            case SvmAttribute.PREFETCH_LOC -> v == SvmAttribute.LOCATION_SYSMEM || pdds.containsKey(v);
            case SvmAttribute.ACCESS, SvmAttribute.ACCESS_IN_PLACE, SvmAttribute.NO_ACCESS -> pdds.containsKey(v);
            case SvmAttribute.SET_FLAGS, SvmAttribute.CLR_FLAGS, SvmAttribute.GRANULARITY, SvmAttribute.MAPPED -> true;
            default -> false;
        };
    }

    /** {@code svm_range_apply_attrs} and what follows it for each range, with its costs (see {@link #svmAttrs}). */
    private void applyAttrs(List<SvmRangeList.SvmRange> ranges, List<SvmAttribute> attrs, boolean pinned, long newRanges,
                            TrapCostProfile p, CostLedger ledger) {
        Integer prefetch = null;
        boolean grant = false;
        boolean revoke = false;
        for (SvmAttribute at : attrs) {
            switch (at.type()) {
                case SvmAttribute.PREFETCH_LOC -> prefetch = at.value();
                case SvmAttribute.ACCESS, SvmAttribute.ACCESS_IN_PLACE -> grant = true;
                case SvmAttribute.NO_ACCESS -> revoke = true;
                default -> {
                }
            }
        }
        long faulted = 0;
        long perPage = 0;
        boolean mapped = false;
        boolean unmapped = false;
        for (SvmRangeList.SvmRange r : ranges) {
            PageCounts pages = mm.pages(r.firstPage << 12, (r.lastPage + 1) << 12);
            r.pinned |= pinned;
            // v1's pinned pages stay where they are; a prefetch to sysmem of pages already there is a no-op
            if (prefetch != null && !r.pinned && prefetch != r.location) {
                perPage += pages.total() * p.svmPrefetchPerPageNs();
                r.location = prefetch;
            }
            if (grant) r.access = true;
            if (revoke) r.access = false;
            if (r.access && (!r.mapped || r.invalid > 0)) {
                if (r.location == SvmAttribute.LOCATION_SYSMEM && !r.pinned) {
                    faulted++;
                    perPage += pages.costNs(p.faultPerPageNs(), p.hugePageFactor());
                }
                perPage += pages.costNs(p.mapPerPageNs(), p.hugePageFactor());
                r.mapped = true;
                r.invalid = 0;
                mapped = true;
            } else if (!r.access && r.mapped) {
                r.mapped = false;
                unmapped = true;
            }
        }
        if (revoke && !grant) ledger.charge(Component.TEARDOWN, p.kfdFreeFixedNs());
        else ledger.charge(Component.KFD_FIXED, p.kfdAllocFixedNs());
        ledger.charge(Component.PER_RANGE, p.rangeWorkNs(faulted, newRanges, 1));
        ledger.charge(Component.PER_PAGE, perPage);
        if (mapped) ledger.charge(Component.GPU_MAP, p.gpuMapPerCallNs() + p.tlbFlushPerMapNs());
        if (unmapped) ledger.charge(Component.TEARDOWN, p.gpuUnmapPerCallNs() + p.tlbFlushPerMapNs());
    }

    IoctlResult<AvailableMemoryArgs> available(AvailableMemoryArgs a) {
        KfdProcessDevice pdd = pdd(a.gpuId());
        if (pdd == null) return IoctlResult.error(Errno.EINVAL, a);
        return IoctlResult.ok(new AvailableMemoryArgs(driver.memLimit().availableVram(pdd.node), a.gpuId(), a.pad()));
    }

    /** The handlers of the process, queue and event ioctls. */
    KfdChardev chardev() {
        return chardev;
    }

    IoctlResult<GetVersionArgs> getVersion() {
        return IoctlResult.ok(new GetVersionArgs(GetVersionArgs.MODELLED_KERNEL.majorVersion(), env.kernel().minorVersion()));
    }

    /** What a handler copied from user memory, or why it could not. */
    private record Copied<T>(T value, Errno error) {
        static <T> Copied<T> of(T value) {
            return new Copied<>(value, null);
        }

        static <T> Copied<T> failed(Errno error) {
            return new Copied<>(null, error);
        }
    }

    /** Reads {@code count} (u32) ranges: {@code -ENOMEM} when kvmalloc would refuse the array, {@code -EFAULT}. */
    private static Copied<List<UserptrRange>> readRanges(UserMemory user, long ptr, int count) {
        long bytes = Integer.toUnsignedLong(count) * UserptrRange.SIZE;
        // kvmalloc refuses more than INT_MAX bytes
        if (bytes > Integer.MAX_VALUE) return Copied.failed(Errno.ENOMEM);
        byte[] raw = user.copyFromUser(ptr, bytes);
        return raw == null ? Copied.failed(Errno.EFAULT) : Copied.of(UserptrRange.decodeArray(raw));
    }

    /** The per-range and sum checks both batch ABIs make: {@code -EINVAL} or null. */
    private static Errno checkRanges(List<UserptrRange> ranges, long total) {
        long sum = 0;
        for (UserptrRange r : ranges) {
            if (r.start() == 0 || r.size() == 0 || (r.start() & (PAGE - 1)) != 0 || (r.size() & (PAGE - 1)) != 0) {
                return Errno.EINVAL;
            }
            sum += r.size();
        }
        return sum == total ? null : Errno.EINVAL;
    }

    /** MAP/UNMAP's argument checks before the device array is copied: the errno, or null. */
    private static Errno checkDeviceArray(int nDevices, int nSuccess) {
        if (nDevices == 0) return Errno.EINVAL;
        if (Integer.compareUnsigned(nSuccess, nDevices) > 0) return Errno.EINVAL;
        if (Integer.toUnsignedLong(nDevices) * 4 > KMALLOC_MAX_SIZE) return Errno.ENOMEM;
        return null;
    }

    /**
     * The process's device {@code gpuId}, or null: a scan of a few devices in topology order, which every memory
     * ioctl makes, rather than a hash lookup of a boxed id.
     */
    private KfdProcessDevice pdd(int gpuId) {
        for (KfdProcessDevice pdd : pddList) if (pdd.gpuId() == gpuId) return pdd;
        return null;
    }

    /** Whether pages {@code [start >> 12, (start + size - 1) >> 12]} (u64 arithmetic) meet an SVM range. */
    private boolean svmOverlaps(long start, long size) {
        return svms.overlaps(start >>> 12, (start + size - 1) >>> 12);
    }

    private boolean anyRangeInSvm(List<UserptrRange> ranges) {
        for (UserptrRange r : ranges) if (svmOverlaps(r.start(), r.size())) return true;
        return false;
    }

    /** {@code kfd_process_device_create_obj_handle}; on failure the BO is freed again and -1 returned. */
    private long createObjHandle(KfdProcessDevice pdd, KgdMem mem) {
        int idr = pdd.allocIdr.alloc(mem);
        if (idr < 0) {
            gpuvm.freeMemoryOfGpu(mem);
            return -1;
        }
        mem.idr = idr;
        return mem.handle();
    }

    /**
     * The work of allocating {@code mem}: a userptr's ranges faulted, with a notifier and an mmap_lock cycle per
     * range for a single-range or v2 BO and one of each for a v4 BO (its span notifier, all ranges under one hold),
     * and its pages faulted; other BOs fault nothing at allocation.
     */
    private static void chargeAllocation(KgdMem mem, TrapCostProfile p, CostLedger ledger) {
        long ranges = mem.ranges.length;
        long perRange = mem.userptr == UserptrAbi.BATCH_V4 ? 1 : ranges;
        ledger.charge(Component.KFD_FIXED, p.kfdAllocFixedNs());
        ledger.charge(Component.PER_RANGE, p.rangeWorkNs(ranges, perRange, perRange));
        ledger.charge(Component.PER_PAGE, mem.isUserptr() ? mem.pagesCostNs(p.faultPerPageNs(), p.hugePageFactor()) : 0);
    }

    // ---------------------------------------------------------------- state and events

    /** The process's CPU memory map, where host memory events happen. */
    public MmStruct mm() {
        return mm;
    }

    /** The driver this process runs on. */
    public KfdDriver driver() {
        return driver;
    }

    /** Registers a listener for queue eviction and restore. */
    public void addQueueListener(QueueEvictionListener listener) {
        queues.addListener(listener);
    }

    /** Makes the next {@code count} page faults of restore-worker runs fail with {@code errno}. */
    public void injectRestoreFaults(Errno errno, int count) {
        processInfo.restoreWorker.injectFaults(errno, count);
    }

    /** Invalidation events delivered to userptr BOs ({@code evicted_bos} increments) since the process started. */
    public long invalidationEvents() {
        return processInfo.invalidationEvents();
    }

    /** How many times the queues were stopped by userptr eviction. */
    public long queueEvictions() {
        return queues.evictions();
    }

    /** How many restore-worker runs ended with {@code outcome}. */
    public long restores(RestoreOutcome outcome) {
        return processInfo.restoreWorker.results(outcome);
    }

    /** The state snapshot of docs/replay.md. */
    public KfdState state() {
        // the host's memory-event source asks for this after every registration change: one list, sized once
        List<List<KgdMem>> byDevice = new ArrayList<>(pddList.length);
        int count = 0;
        for (KfdProcessDevice pdd : pddList) {
            List<KgdMem> mems = pdd.allocIdr.values();
            byDevice.add(mems);
            count += mems.size();
        }
        List<BoState> bos = new ArrayList<>(count);
        for (List<KgdMem> mems : byDevice) {
            for (KgdMem mem : mems) {
                bos.add(new BoState(mem.handle(), mem.invalid, processInfo.userptrInvalList.contains(mem),
                        mem.mappedToGpuMemory, mem.ranges.length, mem.va, mem.boSize, mem.userptr, KfdMemLimit.systemCharge(mem.boSize, mem.allocFlags)));
            }
        }
        return new KfdState(clock.nowNs(), driver.systemMemUsed(), processInfo.evictedBos, queues.evictCount() == 0,
                queues.evictCount(), processInfo.restoreWorker.scheduledAtNs(), mm.notifierCount(), Collections.unmodifiableList(bos));
    }

    /** Every mapped GPU VA range, by device in topology order, then by address. */
    public List<GpuVaMapping> gpuVaMappings() {
        List<GpuVaMapping> out = new ArrayList<>();
        for (KfdProcessDevice pdd : pdds.values()) {
            pdd.vm.mappings().forEach(n -> {
                KfdMemAttachment a = n.value();
                out.add(new GpuVaMapping(pdd.gpuId(), a.mem.handle(), a.va, a.mem.boSize, a.ptesValid));
            });
        }
        return out;
    }

    /** The CPU ranges of the userptr BO {@code handle} in their order, if it is a live userptr BO. */
    public Optional<List<UserRangeState>> userRanges(long handle) {
        KfdProcessDevice pdd = pdd(KfdHandle.gpuId(handle));
        KgdMem mem = pdd == null ? null : pdd.allocIdr.find(KfdHandle.idr(handle));
        if (mem == null || !mem.isUserptr()) return Optional.empty();
        UserRangeState[] out = new UserRangeState[mem.ranges.length];
        for (int i = 0; i < out.length; i++) {
            UserRangeInfo r = mem.ranges[i];
            out[i] = new UserRangeState(r.start(), r.size(), mem.va + r.gpuOffset, r.invalid, r.pagesPresent);
        }
        return Optional.of(List.of(out));
    }

    /** What {@link #forEachUserRange} hands the userptr ranges to. */
    public interface UserRangeVisitor {
        /** One range of the current BO, in the BO's range order. */
        void range(long start, long size);

        /** The current BO has no more ranges. */
        default void endOfBo() {
        }
    }

    /**
     * Visits the userptr ranges of every BO, in the order of {@link #state()}'s BOs (device, then handle) and each BO's
     * range order: what {@link #userRanges} gives BO by BO, without a snapshot object per BO or range (the host's
     * memory-event source lays them out again after every registration change).
     */
    public void forEachUserRange(UserRangeVisitor visitor) {
        for (KfdProcessDevice pdd : pddList) {
            for (KgdMem mem : pdd.allocIdr.values()) {
                if (!mem.isUserptr()) continue;
                for (UserRangeInfo r : mem.ranges) visitor.range(r.start(), r.size());
                visitor.endOfBo();
            }
        }
    }

    /** VRAM the process's BOs use on {@code gpuId} ({@code pdd->vram_usage}). */
    public long vramUsage(int gpuId) {
        KfdProcessDevice pdd = pdd(gpuId);
        if (pdd == null) throw new IllegalArgumentException("the process has no GPU " + gpuId);
        return pdd.vramUsage;
    }

    /** Pages pinned behind the process's SVM iovec VMAs (series v1) that the host counts. */
    public long pinnedVm() {
        return iovecs.pinnedVm();
    }

    /** Whether the page at {@code addr} is pinned for the GPU (series v1), so host memory events cannot move it. */
    public boolean isPinned(long addr) {
        return iovecs.isPinned(addr);
    }

    /**
     * The CPU ranges of GPU-registered memory that is not a BO: the pinned source ranges of v1's iovec VMAs and the
     * SVM ranges registered with attributes (their own CPU VA), in that order.
     */
    public List<UserptrRange> svmRegisteredRanges() {
        List<UserptrRange> out = new ArrayList<>(iovecs.sources());
        for (SvmRangeList.SvmRange r : svms.charged()) {
            if (!r.pinned) out.add(new UserptrRange(r.firstPage << 12, r.pages() << 12));
        }
        return out;
    }

    /** Bytes the process's SVM ranges charge to KFD's system-memory limit ({@code svm_range_new} with XNACK off). */
    public long svmChargedBytes() {
        long sum = 0;
        for (SvmRangeList.SvmRange r : svms.charged()) sum += r.reservation.system();
        return sum;
    }

    /** Whether SVM's restore work holds the queues evicted ({@code svms->evicted_ranges} above 0). */
    public boolean svmEvicted() {
        return svmRestore.evicted();
    }

    private List<SvmRangeList.SvmRange> chargedSvmRanges() {
        return svms.charged();
    }

    /** Number of SVM ranges registered. */
    public int svmRangeCount() {
        return svms.size();
    }

    /**
     * Adopts a BO the process allocated before the trace starts, under its own {@code handle}: a VRAM or GTT BO
     * (or doorbell) created as ALLOC would, then mapped on its own device when {@code mapped}. Returns 0, or the
     * errno allocation or mapping gave (nothing is kept then); {@code -EEXIST} when the handle is taken.
     */
    public int adoptExistingBo(long handle, long va, long size, int flags, boolean mapped) {
        KfdProcessDevice pdd = pdd(KfdHandle.gpuId(handle));
        if (pdd == null) return Errno.EINVAL.ret();
        if ((flags & AllocFlags.USERPTR) != 0) return Errno.EOPNOTSUPP.ret();
        int idr = KfdHandle.idr(handle);
        if (idr < 0 || pdd.allocIdr.find(idr) != null) return Errno.EEXIST.ret();
        AmdgpuAmdkfdGpuvm.Allocated alloc = gpuvm.allocMemoryOfGpu(pdd, va, size, 0, flags);
        if (!(alloc instanceof KgdMem mem)) return ((AmdgpuAmdkfdGpuvm.Failed) alloc).ret();
        if (mapped) {
            int ret = gpuvm.mapMemoryToGpu(mem, pdd);
            if (ret != 0) {
                gpuvm.unmapMemoryFromGpu(mem, pdd);
                gpuvm.freeMemoryOfGpu(mem);
                return ret;
            }
        }
        if (!pdd.allocIdr.allocAt(idr, mem)) {
            if (mapped) gpuvm.unmapMemoryFromGpu(mem, pdd);
            gpuvm.freeMemoryOfGpu(mem);
            return Errno.EEXIST.ret();
        }
        mem.idr = idr;
        if (mem.domain() == KgdMem.Domain.VRAM) pdd.vramUsage += mem.boSize;
        return 0;
    }

    /**
     * {@code mmap(start, size, ..., MAP_SHARED | MAP_FIXED, fd, offset)} of a device file: {@code fd} is the
     * process's {@code /dev/kfd} ({@code kfdFd}) or a GPU's render node. Returns {@code start} or {@code -errno}.
     *
     * @throws IllegalArgumentException when {@code fd} is neither
     */
    public long mmapDevice(int fd, int kfdFd, long start, long size, long offset) {
        if (fd == kfdFd) return DeviceMmap.kfd(mm, pdds.values(), start, size, offset);
        for (KfdNodeProperties node : env.nodes()) {
            if (node.renderFd() == fd) return DeviceMmap.renderNode(mm, node, pdds.values(), start, size, offset);
        }
        throw new IllegalArgumentException("fd " + fd + " is neither /dev/kfd (" + kfdFd + ") nor a render node of the env");
    }

    /** The environment the process was opened with. */
    public KfdEnvironment environment() {
        return env;
    }

    AmdkfdProcessInfo processInfo() {
        return processInfo;
    }

    /** The device {@code gpuId} of the process, or null. */
    KfdNode node(int gpuId) {
        KfdProcessDevice pdd = pdd(gpuId);
        return pdd == null ? null : pdd.node;
    }
}
