package dev.scatterbatch.host.hypervisor;

import dev.scatterbatch.model.config.ByteSizes;
import dev.scatterbatch.model.cost.Component;
import dev.scatterbatch.model.cost.CostLedger;
import dev.scatterbatch.model.cost.KickPath;
import dev.scatterbatch.model.cost.TeardownMode;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.scenario.Scenario;
import dev.scatterbatch.model.uapi.Errno;
import dev.scatterbatch.model.wire.GpaRun;
import dev.scatterbatch.model.wire.GuestRamRegion;
import dev.scatterbatch.model.wire.HostCommand;
import dev.scatterbatch.model.wire.HostIoctl.CpuRange;
import dev.scatterbatch.model.wire.HostReply;
import dev.scatterbatch.model.wire.UserptrOp;
import dev.scatterbatch.model.wire.UserptrRequest;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The VMM of one guest (or, for bare metal, the native application's own registration path): it charges the
 * forwarded round trip, translates the guest's guest-physical runs to its own host VA ranges, and hands them to
 * its scenario's {@link RegistrationPath}. A request that fails part-way is rolled back (what was allocated is
 * freed, what was mapped is unmapped, address space is returned), so the guest sees the kernel's errno and the
 * host keeps no trace.
 */
public final class Vmm implements VmmPort {

    /** Where the VMM maps guest RAM: host VA = HOST_RAM_BASE + guest-physical address. */
    static final long HOST_RAM_BASE = 0x7f00_0000_0000L;
    /** The window for CPU VA the VMM (or native app) maps buffers into: stitched ranges, bare-metal heaps. */
    static final long CPU_WINDOW_BASE = 0x5000_0000_0000L;
    static final long CPU_WINDOW_SIZE = 0x1000_0000_0000L;
    /** The GPU VA aperture libhsakmt reserves buffer addresses from. */
    static final long GPU_APERTURE_BASE = 0x0001_0000_0000L;
    static final long GPU_APERTURE_SIZE = 0x7ffe_0000_0000L;

    /**
     * What a request came to ({@link VmmResult#OK} or the failure with its errno) and the host's replies the scheduler
     * needs (those reporting events, and the last).
     */
    public record Outcome(VmmResult result, List<HostReply> replies) {
    }

    private final int processId;
    private final Scenario scenario;
    private final RegistrationPath path;
    private final Supplier<TrapCostProfile> profile;
    private final HostGpuPort host;
    private final SimulationObserver observer;
    private final long hostRamBytes;
    private final int gpuId;
    /** The device array of every MAP and UNMAP: the one GPU. */
    private final List<Integer> gpuIds;
    private final List<GuestRamRegion> guestRam;
    private final AddressSpaceAllocator gpuVa = new AddressSpaceAllocator(GPU_APERTURE_BASE, GPU_APERTURE_SIZE, 4096);
    private final AddressSpaceAllocator cpuVa = new AddressSpaceAllocator(CPU_WINDOW_BASE, CPU_WINDOW_SIZE, ByteSizes.HUGE_PAGE);
    private final Map<Long, GuestBuffer> buffers = new HashMap<>();
    private long endOfTimeNs = Long.MAX_VALUE;

    /**
     * @param guestRam the guest's RAM layout (ignored for bare metal, where there is no guest)
     */
    public Vmm(int processId, Scenario scenario, Supplier<TrapCostProfile> profile, HostGpuPort host,
               SimulationObserver observer, long hostRamBytes, int gpuId, List<GuestRamRegion> guestRam) {
        this.processId = processId;
        this.scenario = scenario;
        this.path = RegistrationPath.of(scenario);
        this.profile = profile;
        this.host = host;
        this.observer = observer;
        this.hostRamBytes = hostRamBytes;
        this.gpuId = gpuId;
        this.gpuIds = List.of(gpuId);
        this.guestRam = List.copyOf(guestRam);
    }

    /** Starts the process on the host and, in a VM, maps guest RAM into it. */
    @Override
    public List<HostReply> boot() {
        List<HostReply> out = new ArrayList<>();
        long memory = guestRam.stream().mapToLong(GuestRamRegion::bytes).sum();
        // the process starts before the guest issues any request: what the host charges for it is no request's cost
        CostLedger uncharged = new CostLedger();
        out.add(host.call(new HostCommand.CreateProcess(processId, 0, hostRamBytes, gpuIds,
                scenario.virtualized() ? HOST_RAM_BASE : -1, memory), uncharged));
        if (scenario.virtualized()) {
            for (GuestRamRegion r : guestRam) {
                HostReply reply = host.call(new HostCommand.Mmap(processId, 0, HOST_RAM_BASE + r.gpa(), r.bytes(), r.hugeBacked()),
                        uncharged);
                if (!reply.ok()) throw new IllegalStateException("VMM cannot map guest RAM: " + reply.errno());
                out.add(reply);
            }
        }
        return out;
    }

    /**
     * Why the mremap scenario cannot run under {@code profile} (private anonymous guest RAM), or null; the
     * configuration refuses it up front with this sentence, and a live change makes each stitching fail with it.
     */
    public static String mremapRefusal(TrapCostProfile profile) {
        return MremapPath.refusal(profile);
    }

    /**
     * From now on a request whose next host call would start after {@code endNs} stops there with
     * {@link VirtualTimeSpent}, leaving its buffer as it is: the guest would see the request end after the world's
     * budget, so the world has stalled whatever the rest of the request does, and simulating the host's events up to
     * its real end (a per-range registration under heavy pressure can take minutes of virtual time) would only cost
     * wall time.
     */
    @Override
    public void stopAt(long endNs) {
        endOfTimeNs = endNs;
    }

    /** The process exits at the end of the run (no guest request waits for it, so its cost is charged to no one). */
    @Override
    public List<HostReply> shutdown(long atNs) {
        return List.of(host.call(new HostCommand.ExitProcess(processId, atNs), new CostLedger()));
    }

    /**
     * The guest is gone (its process died): the VMM tears down what the guest left registered through its
     * scenario's path (unmaps and frees every BO, releases stitched or native CPU VA) off any guest's timeline, then
     * exits, so the KFD process ends holding nothing, as when QEMU releases a dead guest's device resources before
     * it exits.
     */
    @Override
    public List<HostReply> abandon(long atNs) {
        VmmCall call = new VmmCall(processId, gpuId, gpuIds, atNs, profile.get(), cpuVa, host, observer, new CostLedger(),
                Long.MAX_VALUE);
        for (Map.Entry<Long, GuestBuffer> e : List.copyOf(buffers.entrySet())) {
            GuestBuffer b = e.getValue();
            int[] slots = b.slots(UserptrRequest.WHOLE_BUFFER);
            // a BO not mapped answers EINVAL to the UNMAP and nothing changes: the FREE that follows is what counts
            path.unmap(call, b, slots);
            dropIfEmpty(e.getKey(), b, path.free(call, b, slots));
        }
        List<HostReply> replies = new ArrayList<>(call.replies());
        replies.addAll(shutdown(atNs));
        return replies;
    }

    /**
     * Handles one guest request; charges its whole cost to {@code cost}. With deferred teardown the guest only
     * posts UNMAP and FREE: the host still does the work, off the guest's timeline, so it costs the guest nothing.
     */
    @Override
    public Outcome handle(UserptrRequest request, CostLedger cost) {
        TrapCostProfile p = profile.get();
        boolean teardown = request.op() == UserptrOp.UNMAP || request.op() == UserptrOp.FREE;
        boolean posted = teardown && p.teardown() == TeardownMode.DEFERRED;
        // posted teardown costs the guest nothing, so its host work may run past the end of time without delaying it
        VmmCall call = new VmmCall(processId, gpuId, gpuIds, request.issuedAtNs(), p, cpuVa, host, observer,
                posted ? new CostLedger() : cost, posted ? Long.MAX_VALUE : endOfTimeNs);
        if (scenario.virtualized() && !posted) chargeForwardedRoundTrip(call, request.guestId());
        VmmResult result = switch (request.op()) {
            case REGISTER -> register(call, request);
            case MAP -> withBuffer(request, "MAP", b -> path.map(call, b, b.slots(request.part())));
            case UNMAP -> withBuffer(request, "UNMAP", b -> path.unmap(call, b, b.slots(request.part())));
            case FREE -> withBuffer(request, "FREE", b -> dropIfEmpty(request.bufferId(), b, path.free(call, b, b.slots(request.part()))));
        };
        return new Outcome(result, call.replies());
    }

    private void chargeForwardedRoundTrip(VmmCall call, int guest) {
        call.charge(Component.GUEST_SYSCALL, call.profile.guestSyscallNs());
        call.charge(Component.TRANSPORT, call.profile.forwardedRoundTripNs());
        observer.on(new SimulationEvent.ForwardedRequest(guest,
                call.profile.kickPath() == KickPath.IOEVENTFD ? VmExitReason.IOEVENTFD_KICK : VmExitReason.VMM_EXIT));
    }

    private VmmResult register(VmmCall call, UserptrRequest r) {
        GuestBuffer b = buffers.computeIfAbsent(r.bufferId(), id -> new GuestBuffer(r.bufferBytes()));
        if (b.gpuVa < 0) {
            b.gpuVa = gpuVa.reserve(r.bufferBytes());
            if (b.gpuVa < 0) return dropIfEmpty(r.bufferId(), b, VmmResult.failed(Errno.ENOMEM, "GPU VA aperture exhausted"));
        }
        List<CpuRange> ranges = translate(r.runs());
        VmmResult result = path.register(call, b, r, ranges);
        if (!result.ok()) return dropIfEmpty(r.bufferId(), b, result);
        for (GpaRun run : r.runs()) b.registeredBytes += run.bytes();
        b.ranges += ranges.size();
        if (b.registeredBytes == b.bytes) observer.on(new SimulationEvent.BufferRegistered(r.guestId(), b.ranges));
        return result;
    }

    /** Runs {@code step} on the request's buffer; a buffer that is not registered is EINVAL. */
    private VmmResult withBuffer(UserptrRequest r, String op, Function<GuestBuffer, VmmResult> step) {
        GuestBuffer b = buffers.get(r.bufferId());
        if (b == null) return VmmResult.failed(Errno.EINVAL, op + " of buffer " + r.bufferId() + " that is not registered");
        return step.apply(b);
    }

    /**
     * The guest-physical runs as the VMM's host VA ranges, each made when it is read: a per-range registration reads
     * each range once, into its ALLOC, so the JIT can leave the range object out altogether.
     */
    private static List<CpuRange> translate(List<GpaRun> runs) {
        return new AbstractList<>() {
            @Override
            public CpuRange get(int index) {
                GpaRun run = runs.get(index);
                return new CpuRange(HOST_RAM_BASE + run.gpa(), run.bytes());
            }

            @Override
            public int size() {
                return runs.size();
            }
        };
    }

    /** Forgets a buffer that holds no BO any more and returns its GPU VA; passes {@code result} through. */
    private VmmResult dropIfEmpty(long bufferId, GuestBuffer b, VmmResult result) {
        if (b.handles.isEmpty()) {
            buffers.remove(bufferId);
            if (b.gpuVa >= 0) gpuVa.release(b.gpuVa, b.bytes);
        }
        return result;
    }
}
