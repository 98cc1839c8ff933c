package dev.scatterbatch.kvmprobe;

/**
 * What {@code probe-kvm} times, in the order it prints them. Loop operations are timed as docs/kvm-probe.md §2
 * describes: the guest repeats the operation in a {@code dec; jnz} loop and exits to user space once per batch,
 * and a sample is the batch's time divided by its length (so it includes the loop and the amortised exit;
 * {@link #GUEST_LOOP} measures exactly that overhead). Exit operations time every round trip.
 */
public enum ProbeOperation {
    /** {@code getppid()}: a plain host syscall, the unit of the "x syscall" column. */
    HOST_SYSCALL("host-syscall", "host syscall getppid()", Kind.HOST_BASELINE),
    /** {@code ioctl(/dev/kvm, KVM_GET_API_VERSION)}: a trivial host ioctl. */
    HOST_IOCTL("host-ioctl", "host ioctl KVM_GET_API_VERSION", Kind.HOST_BASELINE),
    /** An empty iteration of the guest loop ({@code dec; jnz} plus the amortised batch exit). */
    GUEST_LOOP("guest-loop", "guest loop iteration (dec; jnz)", Kind.LOOP_OVERHEAD),
    /** {@code out 0x10, al} to a port nothing handles in the kernel: KVM_EXIT_IO to the VMM and back. */
    PIO_EXIT("pio-exit", "PIO exit to VMM and back (out 0x10)", Kind.USER_SPACE_EXIT),
    /** A 4-byte store to an unbacked GPA: KVM_EXIT_MMIO to the VMM and back. */
    MMIO_EXIT("mmio-exit", "MMIO exit to VMM and back (store)", Kind.USER_SPACE_EXIT),
    /** {@code in al, 0x21}: a register read of the in-kernel PIC. */
    PIC_READ("pic-read", "in-kernel PIC read (in al, 0x21)", Kind.KERNEL_TRAP),
    /** {@code out 0x50, al} to a port with an ioeventfd and no reader. */
    PIO_KICK("pio-kick", "ioeventfd kick, PIO (out 0x50)", Kind.KERNEL_TRAP),
    /** A 4-byte store to an MMIO ioeventfd with no reader. */
    MMIO_KICK("mmio-kick", "ioeventfd kick, MMIO (4-byte store)", Kind.KERNEL_TRAP),
    /** A PIO ioeventfd kick to a host thread blocked in {@code read()}, which acks in shared memory the guest spins on. */
    KICK_BLOCKED_ACK("kick-blocked-ack", "kick -> blocked host thread -> ack", Kind.ROUND_TRIP);

    /** What sort of cost an operation is. */
    public enum Kind {
        /** Host code only, no guest. */
        HOST_BASELINE,
        /** The guest loop's own cost per iteration. */
        LOOP_OVERHEAD,
        /** A VM exit that returns to the VMM in user space; timed per round trip. */
        USER_SPACE_EXIT,
        /** A VM exit the kernel handles without returning to user space; timed per loop iteration. */
        KERNEL_TRAP,
        /** Guest to host thread and back; timed per loop iteration. */
        ROUND_TRIP
    }

    private final String key;
    private final String label;
    private final Kind kind;

    ProbeOperation(String key, String label, Kind kind) {
        this.key = key;
        this.label = label;
        this.kind = kind;
    }

    /** A short stable name: {@code pio-exit}. */
    public String key() {
        return key;
    }

    /** What the table calls it. */
    public String label() {
        return label;
    }

    /** What sort of cost it is. */
    public Kind kind() {
        return kind;
    }

    /** Whether the guest runs (everything but the host baselines). */
    public boolean inGuest() {
        return kind != Kind.HOST_BASELINE;
    }
}
