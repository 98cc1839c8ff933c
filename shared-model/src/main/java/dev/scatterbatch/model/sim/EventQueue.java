package dev.scatterbatch.model.sim;

import java.util.PriorityQueue;

/**
 * The discrete-event queue and the virtual clock it drives. Not thread-safe: one scheduler owns it.
 * Time never goes backwards; an event scheduled in the past is a programming error and is refused.
 */
public final class EventQueue {

    private final PriorityQueue<ScheduledEvent> queue = new PriorityQueue<>();
    private long nextSequence;
    private long nowNs;

    /** The current virtual time in nanoseconds. */
    public long nowNs() {
        return nowNs;
    }

    /**
     * Schedules host work at {@code timeNs}; among events due at the same time and priority, the one scheduled first
     * runs first. Only the host kernel's thread schedules here (guest requests are ordered by the hypervisor's
     * scheduler), so that order is deterministic.
     */
    public ScheduledEvent schedule(long timeNs, int priority, Runnable action) {
        if (timeNs < nowNs) {
            throw new IllegalArgumentException("event at " + timeNs + " ns is before the clock (" + nowNs + " ns)");
        }
        ScheduledEvent event = new ScheduledEvent(timeNs, priority, nextSequence++, action);
        queue.add(event);
        return event;
    }

    /** Removes a scheduled event that has not run yet; returns whether it was pending. */
    public boolean cancel(ScheduledEvent event) {
        return queue.remove(event);
    }

    /** The next event without running it, or null when the queue is empty. */
    public ScheduledEvent peek() {
        return queue.peek();
    }

    /** Whether nothing is scheduled. */
    public boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Number of pending events. */
    public int size() {
        return queue.size();
    }

    /** Runs the next event, advancing the clock to its time; returns false when the queue was empty. */
    public boolean step() {
        ScheduledEvent next = queue.poll();
        if (next == null) return false;
        nowNs = next.timeNs();
        next.action().run();
        return true;
    }

    /** Runs every event due at or before {@code timeNs}, then sets the clock to {@code timeNs}. */
    public void runUntil(long timeNs) {
        while (!queue.isEmpty() && queue.peek().timeNs() <= timeNs) {
            step();
        }
        advanceTo(timeNs);
    }

    /** Moves the clock forward without running anything; refuses to go back. */
    public void advanceTo(long timeNs) {
        if (timeNs < nowNs) {
            throw new IllegalArgumentException("cannot move the clock back from " + nowNs + " to " + timeNs + " ns");
        }
        nowNs = timeNs;
    }
}
