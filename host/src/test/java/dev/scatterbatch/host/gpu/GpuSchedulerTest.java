package dev.scatterbatch.host.gpu;

import dev.scatterbatch.model.sim.EventQueue;
import dev.scatterbatch.model.testing.RandomizedCheck;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GpuSchedulerTest {

    private final EventQueue clock = new EventQueue();
    private final List<ComputeJobDone> done = new ArrayList<>();
    private final GpuScheduler gpu = new GpuScheduler(clock, done::add);

    private void drain() {
        while (clock.step()) { }
    }

    @Test
    void aLoneJobRunsForItsGpuTime() {
        gpu.submit(1, 7, 1_000);
        drain();
        assertThat(done).containsExactly(new ComputeJobDone(1, 7, 0, 1_000, 1_000, 0, 0));
    }

    @Test
    void jobsOfTwoProcessesRunInSubmissionOrderAndTheSecondCountsContention() {
        gpu.submit(1, 1, 1_000);
        gpu.submit(2, 1, 500);
        drain();
        assertThat(done).containsExactly(new ComputeJobDone(1, 1, 0, 1_000, 1_000, 0, 0),
                new ComputeJobDone(2, 1, 0, 1_500, 500, 0, 1_000));
    }

    @Test
    void evictionDuringARunPausesTheJobAndCountsTheStall() {
        gpu.submit(1, 1, 1_000);
        clock.schedule(300, 0, () -> gpu.queuesEvicted(1));
        clock.schedule(1_300, 0, () -> gpu.queuesResumed(1));
        drain();
        assertThat(done).containsExactly(new ComputeJobDone(1, 1, 0, 2_000, 1_000, 1_000, 0));
    }

    @Test
    void anEvictedProcessYieldsTheGpuToOthers() {
        gpu.submit(1, 1, 1_000);
        gpu.submit(2, 1, 400);
        clock.schedule(200, 0, () -> gpu.queuesEvicted(1));
        clock.schedule(300, 0, () -> gpu.queuesResumed(1));
        drain();
        // process 2 runs 200..600 while 1 is evicted; 1 resumes at 300 but waits for the GPU until 600
        assertThat(done).containsExactly(new ComputeJobDone(2, 1, 0, 600, 400, 0, 200),
                new ComputeJobDone(1, 1, 0, 1_400, 1_000, 100, 300));
    }

    @Test
    void evictionBeforeSubmissionDelaysTheStartAndCountsOnlyTheOverlap() {
        gpu.queuesEvicted(1);
        clock.schedule(100, 0, () -> gpu.submit(1, 1, 50));
        clock.schedule(400, 0, () -> gpu.queuesResumed(1));
        drain();
        assertThat(done).containsExactly(new ComputeJobDone(1, 1, 100, 450, 50, 300, 0));
    }

    /** Whatever the evictions, each job's wall time is exactly its run plus stall plus contention. */
    @Test
    void timeFromSubmissionToCompletionIsRunPlusStallPlusContention() {
        RandomizedCheck.forAll(1_000, rnd -> {
            List<Integer> jobs = new ArrayList<>();
            for (int i = 1 + rnd.nextInt(8); i > 0; i--) jobs.add(1 + rnd.nextInt(5_000));
            List<Integer> evictAt = new ArrayList<>();
            for (int i = rnd.nextInt(7); i > 0; i--) evictAt.add(rnd.nextInt(20_001));
            checkWaitSplit(jobs, evictAt);
        });
    }

    private static void checkWaitSplit(List<Integer> jobs, List<Integer> evictAt) {
        EventQueue q = new EventQueue();
        List<ComputeJobDone> finished = new ArrayList<>();
        GpuScheduler g = new GpuScheduler(q, finished::add);
        for (int i = 0; i < jobs.size(); i++) {
            int pid = i % 3;
            long id = i;
            long ns = jobs.get(i);
            q.schedule(i * 100L, 1, () -> g.submit(pid, id, ns));
        }
        for (int i = 0; i < evictAt.size(); i++) {
            int pid = i % 3;
            q.schedule(evictAt.get(i), 0, () -> g.queuesEvicted(pid));
            q.schedule(evictAt.get(i) + 700L, 0, () -> g.queuesResumed(pid));
        }
        while (q.step()) { }
        assertThat(finished).hasSize(jobs.size());
        for (ComputeJobDone d : finished) {
            assertThat(d.doneAtNs() - d.submittedAtNs()).isEqualTo(d.runNs() + d.stallNs() + d.contentionNs());
            assertThat(d.stallNs()).isNotNegative();
            assertThat(d.contentionNs()).isNotNegative();
        }
    }
}
