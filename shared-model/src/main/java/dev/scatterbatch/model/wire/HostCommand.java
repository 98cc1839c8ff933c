package dev.scatterbatch.model.wire;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.List;

/**
 * What the hypervisor asks of the host kernel (KFD, mm, GPU): host syscalls and ioctls of a process, compute
 * submissions, and advancing the host's own events (restore worker, memory events, GPU completions). Every
 * command carries the virtual time it happens at; the host never runs its events past it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = HostCommand.CreateProcess.class, name = "create-process"),
        @JsonSubTypes.Type(value = HostCommand.AdvanceHost.class, name = "advance"),
        @JsonSubTypes.Type(value = HostCommand.SubmitCompute.class, name = "compute"),
        @JsonSubTypes.Type(value = HostCommand.Mmap.class, name = "mmap"),
        @JsonSubTypes.Type(value = HostCommand.Munmap.class, name = "munmap"),
        @JsonSubTypes.Type(value = HostCommand.Mremap.class, name = "mremap"),
        @JsonSubTypes.Type(value = HostIoctl.AllocUserptr.class, name = "alloc"),
        @JsonSubTypes.Type(value = HostIoctl.AllocUserptrBatch.class, name = "alloc-batch"),
        @JsonSubTypes.Type(value = HostIoctl.AllocUserptrBatchFlag.class, name = "alloc-batch-flag"),
        @JsonSubTypes.Type(value = HostIoctl.SvmRanges.class, name = "svm-ranges"),
        @JsonSubTypes.Type(value = HostIoctl.SvmSetAttr.class, name = "svm-set-attr"),
        @JsonSubTypes.Type(value = HostIoctl.MapToGpu.class, name = "map"),
        @JsonSubTypes.Type(value = HostIoctl.UnmapFromGpu.class, name = "unmap"),
        @JsonSubTypes.Type(value = HostIoctl.FreeMemory.class, name = "free"),
        @JsonSubTypes.Type(value = HostCommand.ExitProcess.class, name = "exit-process")})
public sealed interface HostCommand permits HostCommand.CreateProcess, HostCommand.AdvanceHost,
        HostCommand.SubmitCompute, HostCommand.Mmap, HostCommand.Munmap, HostCommand.Mremap, HostCommand.ExitProcess,
        HostIoctl {

    /** Virtual time of the command. */
    long atNs();

    /**
     * Creates a KFD process: a VMM (one per guest) or the native application.
     *
     * @param processId    the process's number on this host (the guest index)
     * @param atNs         virtual time
     * @param hostRamBytes the host's RAM, which sets the KFD system-memory limit
     * @param gpuIds       the GPUs the process opens
     * @param memoryBase   where the guest's RAM starts in the VMM's address space, or -1 for a native process
     * @param memoryBytes  the guest's RAM (for a native process: the same amount of application memory, of
     *                     which its registered buffers are a part), over which host memory events land
     */
    record CreateProcess(int processId, long atNs, long hostRamBytes, List<Integer> gpuIds,
                         long memoryBase, long memoryBytes) implements HostCommand {
        public CreateProcess {
            gpuIds = List.copyOf(gpuIds);
        }
    }

    /** Runs the host's own events due up to {@code atNs}. */
    record AdvanceHost(long atNs) implements HostCommand {
    }

    /**
     * Queues GPU work for a process; its completion comes back as a {@link HostEvent.ComputeDone}.
     *
     * @param gpuNs GPU time, the guest slowdown already applied
     */
    record SubmitCompute(int processId, long atNs, long jobId, long gpuNs) implements HostCommand {
    }

    /** {@code mmap} of anonymous memory at a fixed address, backed by 4 KiB or 2 MiB pages. */
    record Mmap(int processId, long atNs, long address, long length, boolean hugeBacked) implements HostCommand {
    }

    /** {@code munmap}: invalidates the notifiers it overlaps. */
    record Munmap(int processId, long atNs, long address, long length) implements HostCommand {
    }

    /** {@code mremap(old, len, len, MREMAP_MAYMOVE|MREMAP_FIXED|MREMAP_DONTUNMAP, newAddress)}. */
    record Mremap(int processId, long atNs, long oldAddress, long length, long newAddress) implements HostCommand {
    }

    /** The process exits: its BOs, notifiers and mappings go away. */
    record ExitProcess(int processId, long atNs) implements HostCommand {
    }
}
