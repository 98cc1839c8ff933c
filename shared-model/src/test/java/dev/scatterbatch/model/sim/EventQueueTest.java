package dev.scatterbatch.model.sim;

import dev.scatterbatch.model.testing.RandomizedCheck;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventQueueTest {

    @Test
    void runsEventsInTimeThenPriorityThenSourceThenSequenceOrder() {
        EventQueue q = new EventQueue();
        List<String> log = new ArrayList<>();
        q.schedule(10, EventPriority.GUEST_REQUEST, 1, () -> log.add("g1@10"));
        q.schedule(10, EventPriority.GUEST_REQUEST, 0, () -> log.add("g0@10"));
        q.schedule(10, EventPriority.HOST_MEMORY_EVENT, () -> log.add("mm@10"));
        q.schedule(5, EventPriority.GPU, () -> log.add("gpu@5"));
        q.schedule(10, EventPriority.GUEST_REQUEST, 0, () -> log.add("g0@10#2"));
        while (q.step()) { }
        assertThat(log).containsExactly("gpu@5", "mm@10", "g0@10", "g0@10#2", "g1@10");
        assertThat(q.nowNs()).isEqualTo(10);
    }

    @Test
    void refusesEventsInThePast() {
        EventQueue q = new EventQueue();
        q.advanceTo(100);
        assertThatThrownBy(() -> q.schedule(99, 0, () -> { })).hasMessageContaining("before the clock");
        assertThatThrownBy(() -> q.advanceTo(50)).hasMessageContaining("cannot move the clock back");
    }

    @Test
    void runUntilRunsDueEventsAndStopsTheClockThere() {
        EventQueue q = new EventQueue();
        List<Long> seen = new ArrayList<>();
        q.schedule(3, 0, () -> seen.add(q.nowNs()));
        q.schedule(7, 0, () -> seen.add(q.nowNs()));
        q.runUntil(5);
        assertThat(seen).containsExactly(3L);
        assertThat(q.nowNs()).isEqualTo(5);
        assertThat(q.size()).isEqualTo(1);
    }

    @Test
    void cancelledEventNeverRuns() {
        EventQueue q = new EventQueue();
        List<String> log = new ArrayList<>();
        ScheduledEvent e = q.schedule(1, 0, () -> log.add("x"));
        assertThat(q.cancel(e)).isTrue();
        while (q.step()) { }
        assertThat(log).isEmpty();
    }

    /** Insertion order across sources never changes the run order: each source numbers its own events. */
    @Test
    void orderDoesNotDependOnHowSourcesInterleaveTheirInsertions() {
        RandomizedCheck.forAll(500, rnd -> {
            List<Integer> times = new ArrayList<>();
            for (int i = 1 + rnd.nextInt(30); i > 0; i--) times.add(rnd.nextInt(6));
            List<String> reference = runInterleaved(times, new Random(0));
            assertThat(runInterleaved(times, new Random(rnd.nextLong()))).isEqualTo(reference);
        });
    }

    private static List<String> runInterleaved(List<Integer> times, Random r) {
        // three sources each insert their events in their own order; sources interleave randomly
        List<List<Runnable>> perSource = new ArrayList<>();
        EventQueue q = new EventQueue();
        List<String> log = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            List<Runnable> inserts = new ArrayList<>();
            for (int i = 0; i < times.size(); i++) {
                int source = s;
                int idx = i;
                inserts.add(() -> q.schedule(times.get(idx), 0, source, () -> log.add(source + ":" + idx)));
            }
            perSource.add(inserts);
        }
        List<Integer> order = new ArrayList<>();
        for (int s = 0; s < 3; s++) for (int i = 0; i < times.size(); i++) order.add(s);
        Collections.shuffle(order, r);
        int[] next = new int[3];
        for (int s : order) perSource.get(s).get(next[s]++).run();
        while (q.step()) { }
        return log;
    }
}
