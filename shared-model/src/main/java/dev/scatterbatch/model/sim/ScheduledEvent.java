package dev.scatterbatch.model.sim;

/**
 * An action due at a virtual time. Events are ordered by time, then priority (lower first), then
 * source (the host's internal work is source {@link #HOST}; guest {@code i} is source {@code i}), then
 * the per-source sequence number. Each source numbers its own events, so the order never depends on
 * which thread inserted first.
 *
 * @param timeNs   virtual time the event is due, in nanoseconds
 * @param priority lower runs first among events due at the same time
 * @param source   who scheduled it: {@link #HOST} or a guest index
 * @param sequence the source's own running number
 * @param action   what happens
 */
public record ScheduledEvent(long timeNs, int priority, int source, long sequence, Runnable action)
        implements Comparable<ScheduledEvent> {

    /** The source number of host-internal events (restore worker, host memory events, GPU completions). */
    public static final int HOST = -1;

    @Override
    public int compareTo(ScheduledEvent o) {
        int c = Long.compare(timeNs, o.timeNs);
        if (c != 0) return c;
        c = Integer.compare(priority, o.priority);
        if (c != 0) return c;
        c = Integer.compare(source, o.source);
        if (c != 0) return c;
        return Long.compare(sequence, o.sequence);
    }
}
