package dev.scatterbatch.model.sim;

/**
 * An action due at a virtual time. Events are ordered by time, then priority (lower first), then the order they
 * were scheduled in.
 *
 * @param timeNs   virtual time the event is due, in nanoseconds
 * @param priority lower runs first among events due at the same time
 * @param sequence the queue's running number
 * @param action   what happens
 */
public record ScheduledEvent(long timeNs, int priority, long sequence, Runnable action)
        implements Comparable<ScheduledEvent> {

    @Override
    public int compareTo(ScheduledEvent o) {
        int c = Long.compare(timeNs, o.timeNs);
        if (c != 0) return c;
        c = Integer.compare(priority, o.priority);
        if (c != 0) return c;
        return Long.compare(sequence, o.sequence);
    }
}
