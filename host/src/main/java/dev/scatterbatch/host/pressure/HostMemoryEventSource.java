package dev.scatterbatch.host.pressure;

import dev.scatterbatch.model.cost.PressureTarget;
import dev.scatterbatch.model.sim.EventPriority;
import dev.scatterbatch.model.sim.EventQueue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Poisson sources of host memory events for one process, each kind at its own rate, on the host's event queue.
 * Where an event lands is drawn from a seeded stream, as {@link PressureTarget} says: uniformly over the process's
 * memory (the workload's rates: most events miss GPU-registered memory), over its registered memory only (the
 * {@code --pressure} default, so the rate is the rate of hits), or over each BO's span, gaps included. An event
 * touching no notifier costs KFD nothing.
 * A kind with rate 0 schedules nothing, so a run without events is exactly a run without this source.
 */
public final class HostMemoryEventSource {

    private final EventQueue queue;
    private final SplittableRandom random;
    private final List<MemoryEventKind> kinds;
    private final MemoryTarget target;
    private final Supplier<PressureTarget> where;
    private boolean stopped;

    /**
     * @param where where each event lands, read at the event (a profile change applies to the next one)
     */
    public HostMemoryEventSource(EventQueue queue, SplittableRandom random, List<MemoryEventKind> kinds,
                                 MemoryTarget target, Supplier<PressureTarget> where) {
        this.queue = queue;
        this.random = random;
        this.kinds = List.copyOf(kinds);
        this.target = target;
        this.where = where;
    }

    /** Schedules the first event of every kind with a positive rate. */
    public void start() {
        for (MemoryEventKind kind : kinds) {
            if (kind.perSecond() > 0) scheduleNext(kind);
        }
    }

    /** No further events (the process exited). */
    public void stop() {
        stopped = true;
    }

    private void scheduleNext(MemoryEventKind kind) {
        // exponential inter-arrival time, at least 1 ns so the clock always moves
        double seconds = -Math.log(1.0 - random.nextDouble()) / kind.perSecond();
        long delay = Math.max(1, Math.round(seconds * 1e9));
        queue.schedule(queue.nowNs() + delay, EventPriority.HOST_MEMORY_EVENT, () -> fire(kind));
    }

    private void fire(MemoryEventKind kind) {
        if (stopped) return;
        long start = pick(kind);
        if (start >= 0) target.hit(start, kind.bytes(), kind.unmaps());
        scheduleNext(kind);
    }

    /** The page-aligned start of the event, or -1 when it misses GPU-visible memory. */
    private long pick(MemoryEventKind kind) {
        switch (where.get()) {
            case REGISTERED -> {
                long registered = target.registeredBytes();
                if (registered == 0) return -1;
                return target.registeredAddress(random.nextLong(registered) & ~4095L);
            }
            case SPAN -> {
                long span = target.spanBytes();
                if (span == 0) return -1;
                return target.spanAddress(random.nextLong(span) & ~4095L);
            }
            case GUEST_RAM -> {
            }
        }
        long memory = target.memoryBytes();
        if (memory == 0) return -1;
        long offset = random.nextLong(memory) & ~4095L;
        return target.memoryAddress(offset);
    }
}
