package dev.scatterbatch.host.kfd;

/** How one run of the userptr restore worker ended (the {@code result} tag of the restores metric). */
public enum RestoreResult {
    /** Every evicted BO was re-faulted, revalidated and confirmed; the queues resumed. */
    SUCCESS("success"),
    /** The queues resumed, but a BO whose pages faulted ({@code -EFAULT}) stays invalid (state F). */
    FAULT("fault"),
    /** Re-faulting failed with {@code -EBUSY}/{@code -ENOMEM}; retried after the restore delay. */
    RETRY("retry"),
    /** New invalidations arrived while it ran; retried after the restore delay. */
    RACED("raced"),
    /**
     * No new invalidation was counted, but a notifier's sequence moved while it ran ({@code mmu_interval_read_retry}
     * at confirmation; v4 bumps its span's sequence for events in gaps): retried after the restore delay.
     */
    STALE("stale");

    private final String key;

    RestoreResult(String key) {
        this.key = key;
    }

    /** The metric tag value. */
    public String key() {
        return key;
    }
}
