package dev.scatterbatch.host.hypervisor;

import dev.scatterbatch.model.cost.Component;
import dev.scatterbatch.model.cost.CostLedger;
import dev.scatterbatch.model.cost.GuestRamBacking;
import dev.scatterbatch.model.cost.KickPath;
import dev.scatterbatch.model.cost.TeardownMode;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.scenario.Scenario;
import dev.scatterbatch.model.wire.GpaRun;
import dev.scatterbatch.model.wire.GuestRamRegion;
import dev.scatterbatch.model.wire.HostCommand;
import dev.scatterbatch.model.wire.HostIoctl;
import dev.scatterbatch.model.wire.HostIoctl.CpuRange;
import dev.scatterbatch.model.wire.HostReply;
import dev.scatterbatch.model.wire.UserptrOp;
import dev.scatterbatch.model.wire.UserptrRequest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The VMM of one guest (or, for bare metal, the native application's own registration path): it charges the
 * forwarded round trip, translates the guest's guest-physical runs to its own host VA ranges, and issues the
 * host KFD ioctls of its scenario's strategy. A request that fails part-way is rolled back (what was allocated
 * is freed, what was mapped is unmapped, address space is returned), so the guest sees the kernel's errno and
 * the host keeps no trace.
 */
public final class Vmm {

    /** Where the VMM maps guest RAM: host VA = HOST_RAM_BASE + guest-physical address. */
    static final long HOST_RAM_BASE = 0x7f00_0000_0000L;
    /** The window for CPU VA the VMM (or native app) maps buffers into: stitched ranges, bare-metal heaps. */
    static final long CPU_WINDOW_BASE = 0x5000_0000_0000L;
    static final long CPU_WINDOW_SIZE = 0x1000_0000_0000L;
    /** The GPU VA aperture libhsakmt reserves buffer addresses from. */
    static final long GPU_APERTURE_BASE = 0x0001_0000_0000L;
    static final long GPU_APERTURE_SIZE = 0x7ffe_0000_0000L;
    private static final long HUGE_PAGE = 2L << 20;
    /** {@code Component.values()} clones its array on every call; a reply's costs are charged by this copy. */
    private static final Component[] COMPONENTS = Component.values();

    /** libhsakmt's userptr registration flags: USERPTR | WRITABLE | EXECUTABLE | NO_SUBSTITUTE. */
    static final int USERPTR_FLAGS = 0xD000_0004;
    /** KFD_IOC_ALLOC_MEM_FLAGS_USERPTR_BATCH (v3/v4 ABI). */
    static final int USERPTR_BATCH = 1 << 22;

    /**
     * What a request came to: the errno (0 on success), a sentence when it failed, the host's replies, and
     * whether the guest only posted it (deferred teardown: it does not wait, so it costs the guest nothing).
     */
    public record Outcome(int ret, String error, List<HostReply> replies, boolean posted) {
    }

    private final int processId;
    private final Scenario scenario;
    private final Supplier<TrapCostProfile> profile;
    private final HostGpuPort host;
    private final SimulationObserver observer;
    private final long hostRamBytes;
    private final int gpuId;
    /** The device array of every MAP and UNMAP: the one GPU. */
    private final List<Integer> gpuIds;
    private final List<GuestRamRegion> guestRam;
    private final AddressSpaceAllocator gpuVa = new AddressSpaceAllocator(GPU_APERTURE_BASE, GPU_APERTURE_SIZE, 4096);
    private final AddressSpaceAllocator cpuVa = new AddressSpaceAllocator(CPU_WINDOW_BASE, CPU_WINDOW_SIZE, HUGE_PAGE);
    private final Map<Long, Buffer> buffers = new HashMap<>();
    private List<HostReply> replies;
    private CostLedger ledger;
    private long atNs;
    private int lastRet;

    /**
     * @param guestRam the guest's RAM layout (ignored for bare metal, where there is no guest)
     */
    public Vmm(int processId, Scenario scenario, Supplier<TrapCostProfile> profile, HostGpuPort host,
               SimulationObserver observer, long hostRamBytes, int gpuId, List<GuestRamRegion> guestRam) {
        this.processId = processId;
        this.scenario = scenario;
        this.profile = profile;
        this.host = host;
        this.observer = observer;
        this.hostRamBytes = hostRamBytes;
        this.gpuId = gpuId;
        this.gpuIds = List.of(gpuId);
        this.guestRam = List.copyOf(guestRam);
    }

    /** Starts the process on the host and, in a VM, maps guest RAM into it. */
    public List<HostReply> boot() {
        List<HostReply> out = new ArrayList<>();
        long memory = guestRam.stream().mapToLong(GuestRamRegion::bytes).sum();
        out.add(host.call(new HostCommand.CreateProcess(processId, 0, hostRamBytes, gpuIds,
                scenario.virtualized() ? HOST_RAM_BASE : -1, memory)));
        if (scenario.virtualized()) {
            for (GuestRamRegion r : guestRam) {
                HostReply reply = host.call(new HostCommand.Mmap(processId, 0, HOST_RAM_BASE + r.gpa(), r.bytes(), r.hugeBacked()));
                if (!reply.ok()) throw new IllegalStateException("VMM cannot map guest RAM: " + reply.errno());
                out.add(reply);
            }
        }
        return out;
    }

    /** The process exits at the end of the run. */
    public List<HostReply> shutdown(long atNs) {
        return List.of(host.call(new HostCommand.ExitProcess(processId, atNs)));
    }

    /** Handles one guest request; charges its whole cost to {@code cost}. */
    public Outcome handle(UserptrRequest request, CostLedger cost) {
        boolean teardown = request.op() == UserptrOp.UNMAP || request.op() == UserptrOp.FREE;
        boolean posted = teardown && profile.get().teardown() == TeardownMode.DEFERRED;
        this.replies = new ArrayList<>();
        // posted work still runs on the host, but off the guest's timeline: its costs go nowhere
        this.ledger = posted ? new CostLedger() : cost;
        this.atNs = request.issuedAtNs();
        if (scenario.virtualized() && !posted) chargeForwardedRoundTrip(request.guestId());
        String error = switch (request.op()) {
            case REGISTER -> register(request);
            case MAP -> map(request);
            case UNMAP -> unmap(request);
            case FREE -> free(request);
        };
        return new Outcome(error == null ? 0 : lastRet, error, replies, posted);
    }

    private void chargeForwardedRoundTrip(int guest) {
        TrapCostProfile p = profile.get();
        ledger.charge(Component.GUEST_SYSCALL, p.guestSyscallNs());
        ledger.charge(Component.TRANSPORT, p.forwardedRoundTripNs());
        observer.forwardedRequest(guest, p.kickPath() == KickPath.IOEVENTFD ? VmExitReason.IOEVENTFD_KICK : VmExitReason.VMM_EXIT);
    }

    // ---- REGISTER -------------------------------------------------------------------------------------

    private String register(UserptrRequest r) {
        Buffer b = buffers.computeIfAbsent(r.bufferId(), id -> new Buffer(r.bufferBytes()));
        if (b.gpuVa < 0) {
            b.gpuVa = gpuVa.reserve(r.bufferBytes());
            if (b.gpuVa < 0) return dropIfEmpty(r.bufferId(), b, fail(-12, "ENOMEM", "GPU VA aperture exhausted"));
        }
        List<CpuRange> ranges = translate(r.runs());
        String error = switch (scenario) {
            case BARE_METAL -> registerNative(b, r);
            case PER_RANGE -> registerPerRange(b, Math.max(0, r.part()), r.partOffset(), ranges);
            case BATCH -> allocate(b, 0, new HostIoctl.AllocUserptrBatch(processId, now(), gpuId, b.gpuVa, ranges, USERPTR_FLAGS));
            case BATCH_V4 -> allocate(b, 0, new HostIoctl.AllocUserptrBatchFlag(processId, now(), gpuId, b.gpuVa, ranges,
                    USERPTR_FLAGS | USERPTR_BATCH));
            case MREMAP -> registerStitched(b, ranges);
        };
        if (error != null) return dropIfEmpty(r.bufferId(), b, error);
        b.registeredBytes += ranges.stream().mapToLong(CpuRange::size).sum();
        b.ranges += ranges.size();
        if (b.registeredBytes == b.bytes) observer.bufferRegistered(r.guestId(), b.ranges);
        return null;
    }

    private String registerNative(Buffer b, UserptrRequest r) {
        long cpu = cpuVa.reserve(b.bytes);
        if (cpu < 0) return fail(-12, "ENOMEM", "CPU VA window exhausted");
        String error = syscall(new HostCommand.Mmap(processId, now(), cpu, b.bytes, r.hugeBacked()), "mmap");
        if (error != null) {
            cpuVa.release(cpu, b.bytes);
            return error;
        }
        b.cpuVa = cpu;
        error = allocate(b, 0, new HostIoctl.AllocUserptr(processId, now(), gpuId, b.gpuVa, b.bytes, cpu, USERPTR_FLAGS));
        if (error != null) releaseCpu(b);
        return error;
    }

    /** One ALLOC per range, range i in slot {@code firstSlot + i}; on a failure the ones made are freed again. */
    private String registerPerRange(Buffer b, int firstSlot, long partOffset, List<CpuRange> ranges) {
        long va = b.gpuVa + partOffset;
        for (int i = 0; i < ranges.size(); i++) {
            CpuRange range = ranges.get(i);
            String error = allocate(b, firstSlot + i, new HostIoctl.AllocUserptr(processId, now(), gpuId, va, range.size(),
                    range.start(), USERPTR_FLAGS));
            if (error != null) {
                for (int j = 0; j < i; j++) freeHandle(b.handles.remove(firstSlot + j));
                return error;
            }
            va += range.size();
        }
        return null;
    }

    /** mremap each range into one contiguous CPU VA, then register that as a single userptr. */
    private String registerStitched(Buffer b, List<CpuRange> ranges) {
        String refused = mremapRefusal(profile.get());
        if (refused != null) return fail(-22, "EINVAL", refused);
        long dest = cpuVa.reserve(b.bytes);
        if (dest < 0) return fail(-12, "ENOMEM", "CPU VA window exhausted");
        b.cpuVa = dest;
        long offset = 0;
        for (CpuRange range : ranges) {
            String error = syscall(new HostCommand.Mremap(processId, now(), range.start(), range.size(), dest + offset), "mremap");
            if (error != null) {
                if (offset > 0) syscall(new HostCommand.Munmap(processId, now(), dest, offset), "munmap");
                cpuVa.release(dest, b.bytes);
                b.cpuVa = -1;
                return error + " after stitching " + offset / 4096 + " pages (vm.max_map_count " + profile.get().maxMapCount() + ")";
            }
            offset += range.size();
        }
        String error = allocate(b, 0, new HostIoctl.AllocUserptr(processId, now(), gpuId, b.gpuVa, b.bytes, dest, USERPTR_FLAGS));
        if (error != null) releaseCpu(b);
        return error;
    }

    private String allocate(Buffer b, int slot, HostIoctl alloc) {
        HostReply reply = ioctl(alloc, alloc instanceof HostIoctl.AllocUserptrBatch
                ? "ALLOC_MEMORY_OF_GPU_BATCH" : "ALLOC_MEMORY_OF_GPU");
        if (!reply.ok()) return fail(reply.ret(), reply.errno(), "host ALLOC answered " + reply.errno());
        b.handles.put(slot, reply.handle());
        return null;
    }

    // ---- MAP / UNMAP / FREE -------------------------------------------------------------------------------

    private String map(UserptrRequest r) {
        Buffer b = buffers.get(r.bufferId());
        if (b == null) return fail(-22, "EINVAL", "MAP of buffer " + r.bufferId() + " that is not registered");
        List<Long> handles = slotsOf(b, r).stream().map(b.handles::get).toList();
        for (int i = 0; i < handles.size(); i++) {
            HostReply reply = ioctl(new HostIoctl.MapToGpu(processId, now(), handles.get(i), gpuIds), "MAP_MEMORY_TO_GPU");
            if (!reply.ok()) {
                for (int j = 0; j < i; j++) ioctl(new HostIoctl.UnmapFromGpu(processId, now(), handles.get(j), gpuIds), "UNMAP_MEMORY_FROM_GPU");
                return fail(reply.ret(), reply.errno(), "host MAP answered " + reply.errno());
            }
        }
        return null;
    }

    private String unmap(UserptrRequest r) {
        Buffer b = buffers.get(r.bufferId());
        if (b == null) return fail(-22, "EINVAL", "UNMAP of buffer " + r.bufferId() + " that is not registered");
        String error = null;
        for (int slot : slotsOf(b, r)) {
            HostReply reply = ioctl(new HostIoctl.UnmapFromGpu(processId, now(), b.handles.get(slot), gpuIds), "UNMAP_MEMORY_FROM_GPU");
            if (!reply.ok() && error == null) error = fail(reply.ret(), reply.errno(), "host UNMAP answered " + reply.errno());
        }
        return error;
    }

    private String free(UserptrRequest r) {
        Buffer b = buffers.get(r.bufferId());
        if (b == null) return fail(-22, "EINVAL", "FREE of buffer " + r.bufferId() + " that is not registered");
        String error = null;
        for (int slot : slotsOf(b, r)) {
            String e = freeHandle(b.handles.remove(slot));
            if (e != null && error == null) error = e;
        }
        if (b.handles.isEmpty() && b.cpuVa >= 0) releaseCpu(b);
        return dropIfEmpty(r.bufferId(), b, error);
    }

    private String freeHandle(long handle) {
        HostReply reply = ioctl(new HostIoctl.FreeMemory(processId, now(), handle), "FREE_MEMORY_OF_GPU");
        return reply.ok() ? null : fail(reply.ret(), reply.errno(), "host FREE answered " + reply.errno());
    }

    /** With the split in the guest, a request names one part: that part's slot; else every slot. */
    private static List<Integer> slotsOf(Buffer b, UserptrRequest r) {
        if (r.part() == UserptrRequest.WHOLE_BUFFER) return List.copyOf(b.handles.keySet());
        return b.handles.containsKey(r.part()) ? List.of(r.part()) : List.of();
    }

    // ---- plumbing ---------------------------------------------------------------------------------------

    /**
     * Why the mremap scenario cannot run under {@code profile}, or null: with private anonymous guest RAM,
     * {@code MREMAP_DONTUNMAP} moves the pages and leaves the guest's range empty.
     */
    public static String mremapRefusal(TrapCostProfile profile) {
        return profile.guestRam() == GuestRamBacking.PRIVATE
                ? "mremap stitching needs guestRam: memfd, because MREMAP_DONTUNMAP on private anonymous guest RAM moves the"
                + " pages to the stitched range and leaves the guest's own range empty, so the guest would lose that RAM"
                : null;
    }

    /** When the VMM's next host call starts: the request's start plus everything charged to it so far. */
    private long now() {
        return atNs + ledger.totalNs();
    }

    private List<CpuRange> translate(List<GpaRun> runs) {
        List<CpuRange> out = new ArrayList<>(runs.size());
        for (GpaRun run : runs) out.add(new CpuRange(HOST_RAM_BASE + run.gpa(), run.bytes()));
        return out;
    }

    private HostReply ioctl(HostIoctl ioctl, String cmd) {
        HostReply reply = call(ioctl);
        observer.hostIoctl(processId, cmd, reply.errno(), sum(reply.costNs()));
        return reply;
    }

    private String syscall(HostCommand command, String name) {
        HostReply reply = call(command);
        return reply.ok() ? null : fail(reply.ret(), reply.errno(), name + " answered " + reply.errno());
    }

    private HostReply call(HostCommand command) {
        HostReply reply = host.call(command);
        long[] costs = reply.costNs();
        for (Component c : COMPONENTS) ledger.charge(c, costs[c.ordinal()]);
        replies.add(reply);
        return reply;
    }

    private String fail(int ret, String errno, String what) {
        lastRet = ret;
        return what + " (" + (errno == null ? ret : errno) + ")";
    }

    private void releaseCpu(Buffer b) {
        syscall(new HostCommand.Munmap(processId, now(), b.cpuVa, b.bytes), "munmap");
        cpuVa.release(b.cpuVa, b.bytes);
        b.cpuVa = -1;
    }

    /** Forgets a buffer that holds no BO any more and returns its GPU VA; passes {@code error} through. */
    private String dropIfEmpty(long bufferId, Buffer b, String error) {
        if (b.handles.isEmpty()) {
            buffers.remove(bufferId);
            if (b.gpuVa >= 0) gpuVa.release(b.gpuVa, b.bytes);
        }
        return error;
    }

    private static long sum(long[] values) {
        long s = 0;
        for (long v : values) s += v;
        return s;
    }

    /**
     * What the VMM knows of one guest buffer: its GPU VA, its stitched CPU VA, and its handles by slot (range i of a
     * per-range registration, or part i when the guest splits; slot 0 for a single BO), so freeing one part never
     * shifts another's.
     */
    private static final class Buffer {
        final long bytes;
        final TreeMap<Integer, Long> handles = new TreeMap<>();
        long gpuVa = -1;
        long cpuVa = -1;
        long registeredBytes;
        int ranges;

        Buffer(long bytes) {
            this.bytes = bytes;
        }
    }
}
