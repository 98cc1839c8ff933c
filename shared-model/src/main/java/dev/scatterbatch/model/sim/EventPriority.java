package dev.scatterbatch.model.sim;

/**
 * Priorities of events due at the same virtual time. Host memory events run before the work they may
 * disturb, so an invalidation and a request at the same instant always resolve the same way.
 */
public final class EventPriority {
    /** Host memory events: invalidations, munmap. */
    public static final int HOST_MEMORY_EVENT = 0;
    /** Deferred kernel work: the restore worker. */
    public static final int KERNEL_WORK = 10;
    /** GPU progress: compute completions. */
    public static final int GPU = 20;

    private EventPriority() {
    }
}
