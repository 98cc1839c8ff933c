package dev.scatterbatch.model.wire;

/** How one run of KFD's userptr restore worker ended (the {@code result} tag of the restores metric). */
public enum RestoreOutcome {
    /** Every evicted BO was re-faulted, revalidated and confirmed; the queues resumed. */
    SUCCESS("success", true),
    /** The queues resumed, but a BO whose pages faulted ({@code -EFAULT}) stays invalid (state F). */
    FAULT("fault", true),
    /** Re-faulting failed with another error ({@code -EBUSY}, {@code -ENOMEM}); retried after the restore delay. */
    RETRY("retry", false),
    /** New invalidations arrived while it ran; retried after the restore delay. */
    RACED("raced", false),
    /**
     * No new invalidation was counted, but a notifier's sequence moved while it ran ({@code mmu_interval_read_retry}
     * at confirmation; v4 bumps its span's sequence for events in gaps): retried after the restore delay.
     */
    STALE("stale", false);

    private final String key;
    private final boolean confirmed;

    RestoreOutcome(String key, boolean confirmed) {
        this.key = key;
        this.confirmed = confirmed;
    }

    /** The metric tag value. */
    public String key() {
        return key;
    }

    /**
     * Whether the run confirmed the restore ({@code evicted_bos} back to 0, the queues resume); otherwise the worker
     * runs again after the restore delay.
     */
    public boolean confirmed() {
        return confirmed;
    }
}
