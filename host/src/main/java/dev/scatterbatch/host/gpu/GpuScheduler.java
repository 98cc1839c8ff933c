package dev.scatterbatch.host.gpu;

import dev.scatterbatch.model.sim.EventPriority;
import dev.scatterbatch.model.sim.EventQueue;
import dev.scatterbatch.model.sim.ScheduledEvent;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One GPU shared by every process on the host. Jobs run one at a time in submission order. A process whose
 * queues are evicted (userptr eviction quiesces all its queues) cannot run: its running job is preempted
 * and keeps its remaining work, and the GPU moves on to the next runnable job. Deterministic: every
 * transition happens at an event of the {@link EventQueue}.
 */
public final class GpuScheduler {

    private final EventQueue clock;
    private final Consumer<ComputeJobDone> onDone;
    private final Deque<Job> waiting = new ArrayDeque<>();
    private final Map<Integer, EvictionClock> evictions = new HashMap<>();
    private Job running;

    /** A GPU driven by {@code clock}; {@code onDone} hears of every finished job. */
    public GpuScheduler(EventQueue clock, Consumer<ComputeJobDone> onDone) {
        this.clock = clock;
        this.onDone = onDone;
    }

    /** Submits {@code gpuNs} of work for {@code processId} now. */
    public void submit(int processId, long jobId, long gpuNs) {
        if (gpuNs < 0) throw new IllegalArgumentException("negative GPU time " + gpuNs);
        Job job = new Job(processId, jobId, clock.nowNs(), gpuNs);
        job.waitingSince = clock.nowNs();
        job.evictedAtWaitStart = eviction(processId).evictedNsUntil(clock.nowNs());
        waiting.addLast(job);
        dispatch();
    }

    /** The process's queues were quiesced now: its running job stops. */
    public void queuesEvicted(int processId) {
        eviction(processId).evict(clock.nowNs());
        if (running != null && running.processId == processId) {
            Job job = running;
            running = null;
            clock.cancel(job.doneEvent);
            job.remainingNs -= clock.nowNs() - job.runningSince;
            startWaiting(job);
            waiting.addFirst(job);
            dispatch();
        }
    }

    /** The process's queues run again now. */
    public void queuesResumed(int processId) {
        eviction(processId).resume(clock.nowNs());
        dispatch();
    }

    /** Whether the process's queues are currently evicted. */
    public boolean isEvicted(int processId) {
        return eviction(processId).evicted;
    }

    /** Jobs submitted and not finished. */
    public int pendingJobs() {
        return waiting.size() + (running == null ? 0 : 1);
    }

    private void dispatch() {
        if (running != null) return;
        for (Iterator<Job> it = waiting.iterator(); it.hasNext(); ) {
            Job job = it.next();
            if (!eviction(job.processId).evicted) {
                it.remove();
                run(job);
                return;
            }
        }
    }

    private void run(Job job) {
        long now = clock.nowNs();
        long waited = now - job.waitingSince;
        long stalled = eviction(job.processId).evictedNsUntil(now) - job.evictedAtWaitStart;
        job.stallNs += stalled;
        job.contentionNs += waited - stalled;
        job.runningSince = now;
        running = job;
        job.doneEvent = clock.schedule(now + job.remainingNs, EventPriority.GPU, () -> finish(job));
    }

    private void finish(Job job) {
        running = null;
        long now = clock.nowNs();
        onDone.accept(new ComputeJobDone(job.processId, job.jobId, job.submittedAtNs, now, job.gpuNs,
                job.stallNs, job.contentionNs));
        dispatch();
    }

    private void startWaiting(Job job) {
        job.waitingSince = clock.nowNs();
        job.evictedAtWaitStart = eviction(job.processId).evictedNsUntil(clock.nowNs());
    }

    private EvictionClock eviction(int processId) {
        return evictions.computeIfAbsent(processId, p -> new EvictionClock());
    }

    private static final class Job {
        final int processId;
        final long jobId;
        final long submittedAtNs;
        final long gpuNs;
        long remainingNs;
        long waitingSince;
        long evictedAtWaitStart;
        long runningSince;
        long stallNs;
        long contentionNs;
        ScheduledEvent doneEvent;

        Job(int processId, long jobId, long submittedAtNs, long gpuNs) {
            this.processId = processId;
            this.jobId = jobId;
            this.submittedAtNs = submittedAtNs;
            this.gpuNs = gpuNs;
            this.remainingNs = gpuNs;
        }
    }

    /** Accumulated evicted time of one process, so a wait can be split into stall and contention. */
    private static final class EvictionClock {
        boolean evicted;
        long since;
        long totalNs;

        void evict(long now) {
            if (!evicted) {
                evicted = true;
                since = now;
            }
        }

        void resume(long now) {
            if (evicted) {
                totalNs += now - since;
                evicted = false;
            }
        }

        long evictedNsUntil(long now) {
            return totalNs + (evicted ? now - since : 0);
        }
    }
}
