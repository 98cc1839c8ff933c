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
    /** KFD fixed work per ALLOC. */
    KFD_FIXED("kfdFixed"),
    /** GPU page-table updates, fences and TLB flushes per MAP. */
    GPU_MAP("gpuMap"),
    /** Per CPU VA range: notifier inserts, hmm_range set-up, mmap_lock cycles. */
    PER_RANGE("perRange"),
    /** Per 4 KiB page: fault (faultPerPage), DMA map and PTE write (mapPerPage). */
    PER_PAGE("perPage"),
    /** GPU compute stalled while the process's queues were evicted. */
    EVICTION_STALL("evictionStall"),
    /** The VMM stitching ranges with mremap (scenario mremap). */
    MREMAP("mremap"),
    /** Waiting for the GPU while another guest's work runs on it (several guests only). */
    GPU_CONTENTION("gpuContention"),
    /** Releasing buffers: UNMAP and FREE with their round trips, when the guest waits for them. */
    TEARDOWN("teardown"),
    /** Waiting for a host lock another thread holds: p->mutex, process_info->lock (the restore worker), mmap_lock, a CPU. */
    LOCK_WAIT("lockWait"),
    /** Waiting for a device-wide queue another process's work occupies: the KIQ's TLB flushes, the SDMA page-table rings. */
    DEVICE_QUEUE_WAIT("deviceQueueWait"),
    /** KVM's side of host memory events on guest RAM: EPT zaps, remote TLB flushes, the guest's EPT re-faults. */
    KVM_MMU("kvmMmu");

    private final String key;

    Component(String key) {
        this.key = key;
    }

    /** The name in JSON, CSV and the {@code component} metric tag. */
    public String key() {
        return key;
    }
}
