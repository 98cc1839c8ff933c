package dev.scatterbatch.host.hypervisor;

import dev.scatterbatch.model.cost.Component;
import dev.scatterbatch.model.cost.CostLedger;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.uapi.AllocFlags;
import dev.scatterbatch.model.uapi.Errno;
import dev.scatterbatch.model.uapi.IoctlCommand;
import dev.scatterbatch.model.wire.HostCommand;
import dev.scatterbatch.model.wire.HostIoctl;
import dev.scatterbatch.model.wire.HostReply;

import java.util.ArrayList;
import java.util.List;

/**
 * One guest request as the VMM handles it: the process it acts for, the profile and virtual time of the request,
 * the ledger its costs go to, and the host's replies collected on the way. Registration paths issue their host
 * calls through it, so nothing of a request outlives it in the VMM's fields.
 */
final class VmmCall {

    final int processId;
    final int gpuId;
    /** The device array of every MAP and UNMAP: the one GPU. */
    final List<Integer> gpuIds;
    final long atNs;
    final TrapCostProfile profile;
    /** The CPU VA window the VMM (or native app) maps buffers into: stitched ranges, bare-metal heaps. */
    final AddressSpaceAllocator cpuVa;
    private final HostGpuPort host;
    private final SimulationObserver observer;
    private final CostLedger ledger;
    /** A host call that would start after this stops the request ({@link Vmm#stopAt}). */
    private final long endOfTimeNs;
    private final List<HostReply> replies = new ArrayList<>();

    VmmCall(int processId, int gpuId, List<Integer> gpuIds, long atNs, TrapCostProfile profile, AddressSpaceAllocator cpuVa,
            HostGpuPort host, SimulationObserver observer, CostLedger ledger, long endOfTimeNs) {
        this.processId = processId;
        this.gpuId = gpuId;
        this.gpuIds = gpuIds;
        this.atNs = atNs;
        this.profile = profile;
        this.cpuVa = cpuVa;
        this.host = host;
        this.observer = observer;
        this.ledger = ledger;
        this.endOfTimeNs = endOfTimeNs;
    }

    /**
     * When the VMM's next host call starts: the request's start plus everything charged to it so far, so each
     * ioctl meets the host's locks, queues and events at its own time.
     */
    long now() {
        return atNs + ledger.totalNs();
    }

    /**
     * The host's replies so far that the scheduler needs, in order: every reply that reports host events, and the
     * last one, whose next-event time supersedes the earlier ones'. A reply with neither (most of the thousand of
     * a per-range registration) would change nothing the scheduler does, so it is not kept.
     */
    List<HostReply> replies() {
        return replies;
    }

    /** Charges {@code ns} of {@code component} to the request. */
    void charge(Component component, long ns) {
        ledger.charge(component, ns);
    }

    /** Issues a KFD ioctl, reporting it to the observer as {@code cmd}. */
    HostReply ioctl(HostIoctl ioctl, IoctlCommand cmd) {
        long before = ledger.totalNs();
        return observed(cmd, before, call(ioctl));
    }

    /** {@code AMDKFD_IOC_MAP_MEMORY_TO_GPU} of BO {@code handle} on the GPU. */
    HostReply mapToGpu(long handle) {
        long at = start();
        long before = ledger.totalNs();
        return observed(IoctlCommand.MAP_MEMORY_TO_GPU, before, kept(host.mapToGpu(processId, at, handle, gpuIds, ledger)));
    }

    /** {@code AMDKFD_IOC_UNMAP_MEMORY_FROM_GPU} of BO {@code handle} from the GPU. */
    HostReply unmapFromGpu(long handle) {
        long at = start();
        long before = ledger.totalNs();
        return observed(IoctlCommand.UNMAP_MEMORY_FROM_GPU, before, kept(host.unmapFromGpu(processId, at, handle, gpuIds, ledger)));
    }

    /** Reports the ioctl {@code cmd}, issued when the request had cost {@code before}, to the observer. */
    private HostReply observed(IoctlCommand cmd, long before, HostReply reply) {
        observer.onHostIoctl(processId, cmd, reply.ok() ? null : errno(reply), ledger.totalNs() - before);
        return reply;
    }

    /** Issues a host system call; a failure names it. */
    VmmResult syscall(HostCommand command, String name) {
        HostReply reply = call(command);
        return reply.ok() ? VmmResult.OK : failed(reply, name + " answered " + reply.errno());
    }

    /** Issues an ALLOC and keeps its handle in {@code slot} of the buffer. */
    VmmResult allocate(GuestBuffer b, int slot, HostIoctl alloc) {
        return allocated(b, slot, ioctl(alloc, alloc instanceof HostIoctl.AllocUserptrBatch
                ? IoctlCommand.ALLOC_MEMORY_OF_GPU_BATCH : IoctlCommand.ALLOC_MEMORY_OF_GPU));
    }

    /**
     * Issues the ALLOC of one userptr range, {@code size} bytes at CPU VA {@code cpuAddress}, at GPU VA {@code va}, and
     * keeps its handle in {@code slot} of the buffer.
     */
    VmmResult allocateUserptr(GuestBuffer b, int slot, long va, long size, long cpuAddress) {
        long at = start();
        long before = ledger.totalNs();
        return allocated(b, slot, observed(IoctlCommand.ALLOC_MEMORY_OF_GPU, before,
                kept(host.allocUserptr(processId, at, gpuId, va, size, cpuAddress, AllocFlags.LIBHSAKMT_USERPTR, ledger))));
    }

    /** An ALLOC's reply: its handle kept in {@code slot} of the buffer, or the failure. */
    private static VmmResult allocated(GuestBuffer b, int slot, HostReply reply) {
        if (!reply.ok()) return failed(reply, "host ALLOC answered " + reply.errno());
        b.handles.put(slot, reply.handle());
        return VmmResult.OK;
    }

    /**
     * Reserves CPU VA for the whole buffer and maps it (anonymous memory, on huge pages when {@code huge}) as
     * {@code b.cpuVa}; on a failure nothing stays reserved.
     */
    VmmResult mapCpu(GuestBuffer b, boolean huge) {
        long cpu = cpuVa.reserve(b.bytes);
        if (cpu < 0) return VmmResult.failed(Errno.ENOMEM, "CPU VA window exhausted");
        VmmResult mmap = syscall(new HostCommand.Mmap(processId, now(), cpu, b.bytes, huge), "mmap");
        if (!mmap.ok()) {
            cpuVa.release(cpu, b.bytes);
            return mmap;
        }
        b.cpuVa = cpu;
        return VmmResult.OK;
    }

    /** Registers the buffer's CPU VA ({@code b.cpuVa}) as one userptr BO in slot 0; on a failure the CPU VA is released. */
    VmmResult allocateCpuVa(GuestBuffer b) {
        VmmResult alloc = allocateUserptr(b, 0, b.gpuVa, b.bytes, b.cpuVa);
        if (!alloc.ok()) releaseCpu(b);
        return alloc;
    }

    /** Frees one BO. */
    VmmResult freeHandle(long handle) {
        long at = start();
        long before = ledger.totalNs();
        HostReply reply = observed(IoctlCommand.FREE_MEMORY_OF_GPU, before, kept(host.freeMemory(processId, at, handle, ledger)));
        return reply.ok() ? VmmResult.OK : failed(reply, "host FREE answered " + reply.errno());
    }

    /** Unmaps the buffer's CPU VA and returns it to the window. */
    void releaseCpu(GuestBuffer b) {
        syscall(new HostCommand.Munmap(processId, now(), b.cpuVa, b.bytes), "munmap");
        cpuVa.release(b.cpuVa, b.bytes);
        b.cpuVa = -1;
    }

    /** The failure a host reply stands for. */
    static VmmResult.Failed failed(HostReply reply, String what) {
        return VmmResult.failed(errno(reply), what);
    }

    private static Errno errno(HostReply reply) {
        return Errno.fromReturn(reply.ret())
                .orElseThrow(() -> new IllegalStateException("host answered " + reply.ret() + ", not an errno"));
    }

    private HostReply call(HostCommand command) {
        checkTime(command.atNs());
        return kept(host.call(command, ledger));
    }

    /** When a host call issued now starts ({@link #now}), checked against the end of virtual time. */
    private long start() {
        long at = now();
        checkTime(at);
        return at;
    }

    /** A host call that would start after the end of virtual time stops the request. */
    private void checkTime(long atNs) {
        if (atNs > endOfTimeNs) throw new VirtualTimeSpent(atNs, endOfTimeNs, replies);
    }

    /** Keeps {@code reply} among {@link #replies} as far as the scheduler needs it. */
    private HostReply kept(HostReply reply) {
        if (!replies.isEmpty() && replies.getLast().events().isEmpty()) replies.removeLast();
        replies.add(reply);
        return reply;
    }
}
