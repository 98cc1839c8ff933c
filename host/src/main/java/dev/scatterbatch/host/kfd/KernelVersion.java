package dev.scatterbatch.host.kfd;

import dev.scatterbatch.model.uapi.Errno;
import dev.scatterbatch.model.uapi.IoctlCommand;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kernel release whose KFD the model answers as, for behaviour that changed between releases: the dispatcher's
 * answer to an unknown command number, the queue-buffer checks of CREATE_QUEUE, the first signal event id and the
 * GPU VM aperture base.
 */
public enum KernelVersion {
    /** Linux 4.16: KFD 1.x up to UNMAP_MEMORY_FROM_GPU; unknown commands {@code -EINVAL}. */
    V4_16("4.16", 0x1A, 1),
    /** Linux 5.4: up to ALLOC_QUEUE_GWS; unknown commands {@code -EINVAL}; signal event ids from 0. */
    V5_4("5.4", 0x1F, 1),
    /**
     * Linux 6.12: queue buffer references ({@code kfd_queue_acquire_buffers}) with exact EOP and save-area sizes;
     * unknown commands still {@code -EINVAL}.
     */
    V6_12("6.12", 0x27, 17),
    /**
     * Current mainline with the modelled CREATE_PROCESS and batch commands: unknown commands {@code -ENOTTY}
     * ("drm/amdkfd: return -ENOTTY for unsupported IOCTLs"), relaxed EOP and save-area size checks.
     */
    MAINLINE("mainline", IoctlCommand.COMMAND_END, 18);

    private final String label;
    private final int commandEnd;
    private final int minorVersion;

    KernelVersion(String label, int commandEnd, int minorVersion) {
        this.label = label;
        this.commandEnd = commandEnd;
        this.minorVersion = minorVersion;
    }

    /**
     * {@code KFD_IOCTL_MINOR_VERSION} GET_VERSION reports: 1.1 ("initial version") before SMI events (1.3), 1.17 with
     * SDMA queues by engine id (the 96-byte CREATE_QUEUE of 6.12), 1.18 with {@code misc_process_flag}.
     */
    public int minorVersion() {
        return minorVersion;
    }

    /** How traces name it ({@code "5.4"}, {@code "mainline"}). */
    public String label() {
        return label;
    }

    /** {@code AMDKFD_COMMAND_END} of the release. */
    public int commandEnd() {
        return commandEnd;
    }

    /** What {@code kfd_ioctl} answers for a command number outside its table. */
    public Errno unknownIoctlErrno() {
        return this == MAINLINE ? Errno.ENOTTY : Errno.EINVAL;
    }

    /** Whether queues hold references on their buffers ({@code kfd_queue_acquire_buffers}, 6.12+). */
    boolean queueBufferReferences() {
        return this == V6_12 || this == MAINLINE;
    }

    /** Whether EOP and save-area sizes may exceed the node's (relaxed checks; exact before). */
    boolean relaxedQueueBufferSizes() {
        return this == MAINLINE;
    }

    /** Whether CREATE_QUEUE clamps a ring smaller than {@code KFD_MIN_QUEUE_RING_SIZE} up to it. */
    boolean clampsRingSize() {
        return this == MAINLINE;
    }

    /** The first signal event id: 0 is reserved since "drm/amdkfd: Don't use event id 0" (2022). */
    int firstSignalEventId() {
        return this == V4_16 || this == V5_4 ? 0 : 1;
    }

    /** {@code gpuvm_base} of the apertures: {@code SVM_USER_BASE} (16 MiB) in old kernels, 64 KiB now. */
    long gpuvmBase() {
        return this == V4_16 || this == V5_4 ? 1L << 24 : 0x10000L;
    }

    /** The release labelled {@code label}, if the model knows it. */
    public static Optional<KernelVersion> byLabel(String label) {
        return Arrays.stream(values()).filter(v -> v.label.equals(label)).findFirst();
    }
}
