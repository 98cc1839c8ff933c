package dev.scatterbatch.model.cost;

/**
 * Where simulated time goes: the components of the time attribution. Every nanosecond an iteration takes
 * is charged to exactly one component, so the attribution sums to the iteration time.
 */
public enum Component {
    /** GPU work of the iteration, including the guest's slowdown. */
    COMPUTE("compute"),
    /** Guest ioctl entry and exit. */
    GUEST_SYSCALL("guestSyscall"),
    /** The forwarded round trip: kick exit, VMM wake-up and decode, completion IRQ, guest wake-up. */
    TRANSPORT("transport"),
    /** Host ioctl entry and exit. */
    HOST_IOCTL("hostIoctl"),
    /** KFD fixed work per ALLOC (and per FREE at teardown). */
    KFD_FIXED("kfdFixed"),
    /** GPU page-table updates, fences and TLB flushes per MAP (and per UNMAP at teardown). */
    GPU_MAP("gpuMap"),
    /** Per CPU VA range: notifier insert, hmm_range setup. */
    PER_RANGE("perRange"),
    /** Per 4 KiB page: fault, DMA map, PTE write. */
    PER_PAGE("perPage"),
    /** GPU compute stalled while the process's queues were evicted. */
    EVICTION_STALL("evictionStall"),
    /** The VMM stitching ranges with mremap (scenario mremap). */
    MREMAP("mremap"),
    /** Waiting for the GPU while another guest's work runs on it (several guests only). */
    GPU_CONTENTION("gpuContention");

    private final String key;

    Component(String key) {
        this.key = key;
    }

    /** The name in JSON, CSV and the {@code component} metric tag. */
    public String key() {
        return key;
    }
}
