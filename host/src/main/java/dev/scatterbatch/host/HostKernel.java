package dev.scatterbatch.host;

import dev.scatterbatch.host.gpu.ComputeJobDone;
import dev.scatterbatch.host.gpu.GpuScheduler;
import dev.scatterbatch.host.hypervisor.HostGpuPort;
import dev.scatterbatch.host.kfd.KfdDriver;
import dev.scatterbatch.host.kfd.KfdEnvironment;
import dev.scatterbatch.host.kfd.KfdLockSchedule;
import dev.scatterbatch.host.kfd.KfdProcess;
import dev.scatterbatch.host.kfd.QueueEvictionListener;
import dev.scatterbatch.host.mm.MmStruct;
import dev.scatterbatch.host.mm.MmuNotifierEvent;
import dev.scatterbatch.host.mm.PageSize;
import dev.scatterbatch.host.mm.Vma;
import dev.scatterbatch.host.pressure.Extents;
import dev.scatterbatch.host.pressure.HostMemoryEventSource;
import dev.scatterbatch.host.pressure.MemoryPressure;
import dev.scatterbatch.host.pressure.MemoryTarget;
import dev.scatterbatch.model.cost.Component;
import dev.scatterbatch.model.cost.CostLedger;
import dev.scatterbatch.model.cost.PressureTarget;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.sim.EventQueue;
import dev.scatterbatch.model.sim.RandomStreams;
import dev.scatterbatch.model.sim.ScheduledEvent;
import dev.scatterbatch.model.uapi.AllocMemoryOfGpuBatchArgs;
import dev.scatterbatch.model.uapi.Errno;
import dev.scatterbatch.model.uapi.IoctlCommand;
import dev.scatterbatch.model.uapi.IoctlResult;
import dev.scatterbatch.model.uapi.SparseUserMemory;
import dev.scatterbatch.model.uapi.SvmArgs;
import dev.scatterbatch.model.uapi.SvmAttribute;
import dev.scatterbatch.model.uapi.SvmRangesArgs;
import dev.scatterbatch.model.uapi.UserMemory;
import dev.scatterbatch.model.uapi.UserptrRange;
import dev.scatterbatch.model.uapi.UserptrRangesData;
import dev.scatterbatch.model.wire.HostCommand;
import dev.scatterbatch.model.wire.HostEvent;
import dev.scatterbatch.model.wire.HostIoctl;
import dev.scatterbatch.model.wire.HostReply;
import dev.scatterbatch.model.wire.RestoreResult;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The host kernel of one world: one KFD driver (the system-memory limit is host-wide), a KFD process per VMM
 * (or native application) with its mm, the GPU, and the host memory events that hit each process. It answers
 * {@link HostCommand}s as the kernel would, charging every cost to the caller's ledger, and reports what happened
 * meanwhile as {@link HostEvent}s. Plain Java: {@code HostGpuVerticle} puts it on the event bus; the direct
 * transport calls it as the hypervisor's {@link HostGpuPort}, the hot ioctls from their fields.
 */
public final class HostKernel implements HostGpuPort {

    /** The {@code gpu_id} of the host's GPU. */
    public static final int GPU_ID = 1;
    /** Where the VMM keeps the argument data an ioctl points to (its own memory; any mapped address works). */
    private static final long ARG_DATA = 0x10_0000L;

    private final EventQueue clock = new EventQueue();
    private final Supplier<TrapCostProfile> profile;
    private final RandomStreams streams;
    private final MemoryPressure pressure;
    private final GpuScheduler gpu;
    /** By id, in id order (the order events are reported in); a tree walks to its few entries without a bucket scan. */
    private final Map<Integer, HostProcess> processes = new TreeMap<>();
    /** The same processes in id order as an array: every command looks at each for evictions, without an iterator. */
    private HostProcess[] inIdOrder = new HostProcess[0];
    private final List<HostEvent> events = new ArrayList<>();
    /** MAP and UNMAP only read their device-id array, so each distinct id list is marshalled once. */
    private final Map<List<Integer>, UserMemory> deviceArrays = new HashMap<>();
    /** The list {@link #devices} was last asked for, and its array. */
    private List<Integer> lastDeviceIds;
    private UserMemory lastDevices;
    private final KfdLockSchedule locks = new KfdLockSchedule();
    /**
     * The cost of the command being handled (commands are handled one at a time), added to the caller's at the end:
     * {@link KfdLockSchedule} places the ioctl's lock holds by what the ioctl alone has cost so far.
     */
    private final CostLedger cost = new CostLedger();
    /** The last reply {@link #succeeded} gave. */
    private HostReply lastSucceeded = new HostReply(0, null, 0, List.of(), Long.MAX_VALUE);
    private KfdDriver driver;

    private HostKernel(Supplier<TrapCostProfile> profile, RandomStreams streams, MemoryPressure pressure) {
        this.profile = profile;
        this.streams = streams;
        this.pressure = pressure;
        this.gpu = new GpuScheduler(clock, this::computeDone);
    }

    /** A host whose costs come from {@code profile} and whose processes suffer {@code pressure}. */
    public static HostKernel create(Supplier<TrapCostProfile> profile, RandomStreams streams, MemoryPressure pressure) {
        return new HostKernel(profile, streams, pressure);
    }

    /**
     * Handles one command: runs the host's own events due up to the command's time, then the command, and charges
     * what it cost to {@code charged} (a reply does not carry its costs, so a plain call allocates nothing for them).
     *
     * @throws IllegalArgumentException for a command about a process that does not exist (a broken peer)
     */
    public HostReply handle(HostCommand command, CostLedger charged) {
        switch (command) {
            case HostIoctl.AllocUserptr a -> {
                return allocUserptr(a.processId(), a.atNs(), a.gpuId(), a.vaAddr(), a.size(), a.cpuAddress(), a.flags(), charged);
            }
            case HostIoctl.MapToGpu m -> {
                return mapToGpu(m.processId(), m.atNs(), m.handle(), m.gpuIds(), charged);
            }
            case HostIoctl.UnmapFromGpu u -> {
                return unmapFromGpu(u.processId(), u.atNs(), u.handle(), u.gpuIds(), charged);
            }
            case HostIoctl.FreeMemory f -> {
                return freeMemory(f.processId(), f.atNs(), f.handle(), charged);
            }
            default -> {
                // every other command below
            }
        }
        begin(command.atNs());
        long ret = switch (command) {
            case HostCommand.AdvanceHost a -> 0;
            case HostCommand.CreateProcess c -> createProcess(c);
            case HostCommand.SubmitCompute s -> {
                process(s.processId());
                gpu.submit(s.processId(), s.jobId(), s.gpuNs());
                yield 0;
            }
            case HostCommand.Mmap m -> process(m.processId()).mm().mmap(m.address(), m.length(),
                    m.hugeBacked() ? PageSize.HUGE : PageSize.SMALL);
            case HostCommand.Munmap m -> process(m.processId()).kfd.munmap(m.address(), m.length(), cost);
            case HostCommand.Mremap m -> mremap(process(m.processId()), m, cost);
            case HostCommand.ExitProcess e -> {
                HostProcess p = processes.remove(e.processId());
                reindex();
                if (p != null) {
                    p.events.stop();
                    checkNothingLeaked(p);
                }
                yield 0;
            }
            case HostIoctl io -> {
                HostProcess p = ioctlEntry(io.processId(), true);
                yield ioctlExit(p, commandOf(io), marshal(p.kfd, io, cost), List.of(), io.atNs());
            }
        };
        return reply(ret, command instanceof HostIoctl, charged);
    }

    /** The same as {@link #handle}. */
    @Override
    public HostReply call(HostCommand command, CostLedger cost) {
        return handle(command, cost);
    }

    /** {@link HostIoctl.AllocUserptr} from its fields (a per-range registration issues thousands). */
    @Override
    public HostReply allocUserptr(int processId, long atNs, int gpuId, long vaAddr, long size, long cpuAddress, int flags,
                                  CostLedger charged) {
        begin(atNs);
        HostProcess p = ioctlEntry(processId, true);
        long ret = p.kfd.allocMemoryOfGpu(gpuId, vaAddr, size, cpuAddress, flags, UserMemory.none(), cost);
        return reply(ioctlExit(p, IoctlCommand.ALLOC_MEMORY_OF_GPU, ret, List.of(), atNs), true, charged);
    }

    /** {@link HostIoctl.MapToGpu} from its fields. */
    @Override
    public HostReply mapToGpu(int processId, long atNs, long handle, List<Integer> gpuIds, CostLedger charged) {
        return mapOrUnmap(true, processId, atNs, handle, gpuIds, charged);
    }

    /** {@link HostIoctl.UnmapFromGpu} from its fields. */
    @Override
    public HostReply unmapFromGpu(int processId, long atNs, long handle, List<Integer> gpuIds, CostLedger charged) {
        return mapOrUnmap(false, processId, atNs, handle, gpuIds, charged);
    }

    /** MAP ({@code map}) or UNMAP of BO {@code handle} on {@code gpuIds}, which flush their TLBs when it succeeds. */
    private HostReply mapOrUnmap(boolean map, int processId, long atNs, long handle, List<Integer> gpuIds, CostLedger charged) {
        begin(atNs);
        HostProcess p = ioctlEntry(processId, false);
        UserMemory ids = devices(gpuIds);
        long ret = map ? p.kfd.mapMemoryToGpu(handle, ARG_DATA, gpuIds.size(), ids, cost)
                : p.kfd.unmapMemoryFromGpu(handle, ARG_DATA, gpuIds.size(), ids, cost);
        IoctlCommand cmd = map ? IoctlCommand.MAP_MEMORY_TO_GPU : IoctlCommand.UNMAP_MEMORY_FROM_GPU;
        return reply(ioctlExit(p, cmd, ret, gpuIds, atNs), true, charged);
    }

    /** {@link HostIoctl.FreeMemory} from its fields. */
    @Override
    public HostReply freeMemory(int processId, long atNs, long handle, CostLedger charged) {
        begin(atNs);
        HostProcess p = ioctlEntry(processId, true);
        return reply(ioctlExit(p, IoctlCommand.FREE_MEMORY_OF_GPU, p.kfd.freeMemoryOfGpu(handle, cost), List.of(), atNs), true, charged);
    }

    /** Before a command: runs the host's own events due up to {@code atNs} and starts the command's ledger. */
    private void begin(long atNs) {
        events.clear();
        if (atNs > clock.nowNs()) clock.runUntil(atNs);
        reportEvictions();
        cost.clear();
    }

    /**
     * An ioctl's entry: the process, whose registered layout is forgotten when the ioctl may register or release
     * ranges (MAP and UNMAP leave them as they are, so the memory events of a per-range registration do not rebuild
     * it after every call), and KVM's exit cost.
     */
    private HostProcess ioctlEntry(int processId, boolean changesRegistrations) {
        HostProcess p = process(processId);
        if (changesRegistrations) p.forgetLayout();
        p.chargeKvm(cost);
        return p;
    }

    /**
     * After the ioctl {@code cmd} returned {@code ret}: its lock and device-queue waits ({@link KfdLockSchedule}),
     * with the TLB flushes of {@code flushed} when it succeeded. Returns {@code ret}.
     */
    private long ioctlExit(HostProcess p, IoctlCommand cmd, long ret, List<Integer> flushed, long atNs) {
        locks.schedule(p.kfd, cmd, ret < 0 ? List.of() : flushed, atNs, cost, profile.get());
        return ret;
    }

    /** After a command that returned {@code ret} (an ioctl's ALLOC: the handle): the reply, its cost charged. */
    private HostReply reply(long ret, boolean ioctl, CostLedger charged) {
        reportEvictions();
        charged.addAll(cost);
        int r = ret < 0 ? (int) ret : 0;
        long handle = ioctl && ret > 0 ? ret : 0;
        long next = nextEventNs();
        if (r == 0 && handle == 0 && events.isEmpty()) return succeeded(next);
        return new HostReply(r, r < 0 ? Errno.byNumber(-r).map(Enum::name).orElse("E" + -r) : null, handle, events, next);
    }

    /**
     * The reply of a command that succeeded with nothing to report but when the host's next event is due: replies are
     * values, so the last one is given again while that time stays the same (most MAPs, UNMAPs and FREEs).
     */
    private HostReply succeeded(long nextEventNs) {
        if (lastSucceeded.nextEventNs() != nextEventNs) lastSucceeded = new HostReply(0, null, 0, List.of(), nextEventNs);
        return lastSucceeded;
    }

    /** {@link #inIdOrder} follows {@link #processes}. */
    private void reindex() {
        inIdOrder = processes.values().toArray(HostProcess[]::new);
    }

    /** When the next host event is due, or {@link Long#MAX_VALUE}. */
    public long nextEventNs() {
        ScheduledEvent next = clock.peek();
        return next == null ? Long.MAX_VALUE : next.timeNs();
    }

    /** The KFD process {@code processId} (for tests and perf checks). */
    public KfdProcess kfd(int processId) {
        return process(processId).kfd;
    }

    private long createProcess(HostCommand.CreateProcess c) {
        if (processes.containsKey(c.processId())) throw new HostCommandRefused(Errno.EEXIST, "process " + c.processId() + " exists already");
        KfdEnvironment env = KfdEnvironment.of(c.hostRamBytes(), c.gpuIds(), false);
        if (driver == null) driver = new KfdDriver(env);
        KfdProcess kfd = new KfdProcess(driver, env, clock, profile);
        HostProcess p = new HostProcess(c.processId(), kfd, c.memoryBase(), c.memoryBytes());
        if (c.memoryBase() >= 0) driver.pinnedMemory().addGuestRam(c.memoryBytes());
        kfd.addQueueListener(p);
        processes.put(c.processId(), p);
        reindex();
        p.events.start();
        return 0;
    }

    /**
     * {@code mremap(MREMAP_MAYMOVE|MREMAP_FIXED|MREMAP_DONTUNMAP)} of part of guest RAM under {@code mmap_lock} for
     * write: its own cost, plus KVM's MMU notifier on the old range (guest RAM in a memslot), which zaps the EPT
     * entries and flushes every vCPU's TLB; the guest later re-faults those pages.
     */
    private long mremap(HostProcess p, HostCommand.Mremap m, CostLedger cost) {
        TrapCostProfile prof = profile.get();
        long work = prof.mremapPerRangeNs() + (p.memoryBase >= 0 ? prof.kvmInvalidationNs(m.length() >>> 12) : 0);
        long start = p.mm().mmapLock().reserve(m.atNs(), work);
        cost.charge(Component.LOCK_WAIT, start - m.atNs());
        cost.charge(Component.MREMAP, work);
        return p.mm().mremap(m.oldAddress(), m.length(), m.length(),
                MmStruct.MREMAP_MAYMOVE | MmStruct.MREMAP_FIXED | MmStruct.MREMAP_DONTUNMAP, m.newAddress());
    }

    /** The ioctl {@code io} issues, of those {@link #marshal} handles. */
    private static IoctlCommand commandOf(HostIoctl io) {
        return switch (io) {
            case HostIoctl.AllocUserptrBatchFlag b -> IoctlCommand.ALLOC_MEMORY_OF_GPU;
            case HostIoctl.AllocUserptrBatch b -> IoctlCommand.ALLOC_MEMORY_OF_GPU_BATCH;
            case HostIoctl.SvmRanges r -> IoctlCommand.SVM_RANGES;
            case HostIoctl.SvmSetAttr a -> IoctlCommand.SVM;
            case HostIoctl.AllocUserptr _, HostIoctl.MapToGpu _, HostIoctl.UnmapFromGpu _, HostIoctl.FreeMemory _ ->
                    throw new IllegalStateException(io + " is handled from its fields");
        };
    }

    /**
     * Marshals the VMM's ioctl into its argument struct and user memory, as the VMM's libhsakmt would. A single
     * userptr ALLOC, MAP, UNMAP and FREE have their own methods ({@link #allocUserptr} and the next), which pass the
     * struct's fields as they are: the VMM reads back only the return value and ALLOC's handle, so neither the struct
     * nor the one KFD writes back is made.
     */
    private long marshal(KfdProcess kfd, HostIoctl io, CostLedger cost) {
        return switch (io) {
            case HostIoctl.AllocUserptrBatch b -> {
                List<UserptrRange> ranges = ranges(b.ranges());
                yield handleOf(kfd.allocMemoryOfGpuBatch(AllocMemoryOfGpuBatchArgs.request(b.gpuId(), b.vaAddr(), total(ranges),
                        ARG_DATA, ranges.size(), b.flags()), new SparseUserMemory().placeRanges(ARG_DATA, ranges), cost));
            }
            case HostIoctl.AllocUserptrBatchFlag b -> {
                List<UserptrRange> ranges = ranges(b.ranges());
                yield kfd.allocMemoryOfGpu(b.gpuId(), b.vaAddr(), total(ranges), ARG_DATA, b.flags(),
                        new SparseUserMemory().placeRangesData(ARG_DATA, new UserptrRangesData(ranges.size(), 0, ranges)), cost);
            }
            case HostIoctl.AllocUserptr _, HostIoctl.MapToGpu _, HostIoctl.UnmapFromGpu _, HostIoctl.FreeMemory _ ->
                    throw new IllegalStateException(io + " is handled from its fields");
            case HostIoctl.SvmRanges r -> {
                List<UserptrRange> ranges = ranges(r.ranges());
                long attrs = ARG_DATA + (long) ranges.size() * UserptrRange.SIZE;
                SparseUserMemory user = new SparseUserMemory().placeRanges(ARG_DATA, ranges);
                user.place(attrs, SvmAttribute.encodeArray(r.attrs()));
                yield kfd.svmRanges(new SvmRangesArgs(r.startAddr(), total(ranges), SvmArgs.OP_SET_ATTR, r.attrs().size(), attrs,
                        ranges.size(), 0, ARG_DATA), user, cost).ret();
            }
            case HostIoctl.SvmSetAttr a -> kfd.svm(new SvmArgs(a.startAddr(), a.size(), SvmArgs.OP_SET_ATTR, a.attrs().size()),
                    a.attrs(), cost).ret();
        };
    }

    /** An ALLOC_BATCH's result as the handle (positive) or the negative errno. */
    private static long handleOf(IoctlResult<AllocMemoryOfGpuBatchArgs> r) {
        return r.ret() != 0 ? r.ret() : r.args().handle();
    }

    private static List<UserptrRange> ranges(List<HostIoctl.CpuRange> ranges) {
        List<UserptrRange> out = new ArrayList<>(ranges.size());
        for (HostIoctl.CpuRange r : ranges) out.add(new UserptrRange(r.start(), r.size()));
        return out;
    }

    private static long total(List<UserptrRange> ranges) {
        long t = 0;
        for (UserptrRange r : ranges) t += r.size();
        return t;
    }

    private UserMemory devices(List<Integer> gpuIds) {
        // a VMM passes the same list to every MAP and UNMAP: the same instance needs no hashing to be found
        if (gpuIds != lastDeviceIds) {
            lastDevices = deviceArrays.computeIfAbsent(gpuIds,
                    ids -> new SparseUserMemory().placeU32s(ARG_DATA, ids.stream().mapToInt(Integer::intValue).toArray()));
            lastDeviceIds = gpuIds;
        }
        return lastDevices;
    }

    /**
     * A guest releases everything it registered before it finishes, also when it stops on an error: a BO still
     * allocated when its process exits is a leak in the model, reported loudly rather than freed silently.
     */
    private static void checkNothingLeaked(HostProcess p) {
        int bos = p.kfd.state().bos().size();
        if (bos > 0) {
            throw new IllegalStateException("process " + p.id + " exits with " + bos + " BO(s) still allocated ("
                    + p.kfd.state().systemMemUsed() + " bytes charged): the guest did not release them");
        }
    }

    private HostProcess process(int processId) {
        HostProcess p = processes.get(processId);
        if (p == null) throw new HostCommandRefused(Errno.ESRCH, "no KFD process " + processId + " on this host");
        return p;
    }

    private void computeDone(ComputeJobDone d) {
        events.add(new HostEvent.ComputeDone(d.processId(), d.doneAtNs(), d.jobId(), d.runNs(), d.stallNs(), d.contentionNs()));
    }

    /** Reports the new invalidation events ({@code evicted_bos} increments) of every process since the last look, as one count. */
    private void reportEvictions() {
        for (HostProcess p : inIdOrder) {
            long now = p.kfd.invalidationEvents();
            if (now > p.reportedInvalidations) events.add(new HostEvent.UserptrEvicted(p.id, clock.nowNs(), now - p.reportedInvalidations));
            p.reportedInvalidations = now;
        }
    }

    /** One process on the host: its KFD state, where its memory is, and the memory events that hit it. */
    private final class HostProcess implements QueueEvictionListener, MemoryTarget {
        final int id;
        final KfdProcess kfd;
        final long memoryBase;
        final long memoryBytes;
        final HostMemoryEventSource events;
        long evictedAtNs;
        long reportedInvalidations;
        /** KVM's work for host memory events on guest RAM since the process's last command, not yet charged. */
        long pendingKvmNs;
        /** The process's userptr ranges, and each BO's span, kept until an ioctl may have changed them (null: not known). */
        private Extents registered;
        private Extents spans;

        HostProcess(int id, KfdProcess kfd, long memoryBase, long memoryBytes) {
            this.id = id;
            this.kfd = kfd;
            this.memoryBase = memoryBase;
            this.memoryBytes = memoryBytes;
            this.events = new HostMemoryEventSource(clock, streams.stream("host/process-" + id + "/memory-events"),
                    pressure.kinds(), this, pressure.registeredOnly() ? () -> profile.get().pressureTarget() : () -> PressureTarget.GUEST_RAM);
        }

        MmStruct mm() {
            return kfd.mm();
        }

        /**
         * Charges the guest for KVM's side of the host memory events since its last command: the vCPUs were
         * interrupted for remote TLB flushes and re-fault the zapped pages, which delays what the guest does next.
         */
        void chargeKvm(CostLedger cost) {
            cost.charge(Component.KVM_MMU, pendingKvmNs);
            pendingKvmNs = 0;
        }

        @Override
        public void onQueuesEvicted(long timeNs) {
            evictedAtNs = timeNs;
            gpu.queuesEvicted(id);
        }

        @Override
        public void onQueuesResumed(long timeNs) {
            gpu.queuesResumed(id);
            HostKernel.this.events.add(new HostEvent.QueuesResumed(id, timeNs, timeNs - evictedAtNs));
        }

        @Override
        public void onRestoreFinished(RestoreResult result, long startNs, long endNs) {
            HostKernel.this.events.add(new HostEvent.RestoreFinished(id, endNs, result));
        }

        @Override
        public long registeredBytes() {
            return registered().bytes();
        }

        @Override
        public long registeredAddress(long offset) {
            return registered().address(offset);
        }

        @Override
        public long spanBytes() {
            return spans().bytes();
        }

        @Override
        public long spanAddress(long offset) {
            return spans().address(offset);
        }

        @Override
        public long memoryBytes() {
            return memoryBytes;
        }

        @Override
        public long memoryAddress(long offset) {
            if (memoryBase >= 0) return memoryBase + offset;
            // a native process: its registered buffers are the first part of its memory, the rest is not GPU-visible
            return registeredAddress(offset);
        }

        @Override
        public void hit(long start, long length, boolean unmap) {
            // reclaim, migration, compaction, THP splits and KSM leave a folio with pinned pages alone
            // (folio_maybe_dma_pinned), and the balloon takes only pages the guest freed: nothing is invalidated
            if (kfd.isPinned(start)) return;
            MmStruct mm = kfd.mm();
            // guest RAM is in a KVM memslot: KVM's own notifier zaps and flushes before KFD's sees the event
            if (memoryBase >= 0 && start >= memoryBase && start < memoryBase + memoryBytes) {
                pendingKvmNs += profile.get().kvmInvalidationNs(length >>> 12);
            }
            if (unmap) {
                Vma vma = mm.vmaAt(start);
                if (vma == null) return;
                // the VMM unmaps and maps the range again at once (balloon, hot-unplug and re-plug): new pages
                mm.munmap(start, length);
                mm.mmap(start, length, vma.backing());
            } else {
                mm.invalidate(start, start + length, true, MmuNotifierEvent.CLEAR);
            }
            // the evictions are reported with the reply (handle), as one count: not one event per memory event
        }

        /** An ioctl may have registered or released ranges. */
        void forgetLayout() {
            registered = null;
            spans = null;
        }

        /** The userptr ranges of every BO, in handle order and each BO's range order, then the SVM ranges pinned (v1). */
        private Extents registered() {
            if (registered == null) {
                Extents.Builder b = new Extents.Builder();
                kfd.forEachUserRange(b::add);
                for (UserptrRange r : kfd.svmRegisteredRanges()) b.add(r.start(), r.size());
                registered = b.build();
            }
            return registered;
        }

        /** Each userptr BO's span {@code [lowest start, highest end)}, in handle order. */
        private Extents spans() {
            if (spans == null) {
                Extents.Builder b = new Extents.Builder();
                kfd.forEachUserRange(new KfdProcess.UserRangeVisitor() {
                    long lo = Long.MAX_VALUE;
                    long hi = 0;

                    @Override
                    public void range(long start, long size) {
                        lo = Math.min(lo, start);
                        hi = Math.max(hi, start + size);
                    }

                    @Override
                    public void endOfBo() {
                        if (hi > lo) b.add(lo, hi - lo);
                        lo = Long.MAX_VALUE;
                        hi = 0;
                    }
                });
                spans = b.build();
            }
            return spans;
        }
    }
}
