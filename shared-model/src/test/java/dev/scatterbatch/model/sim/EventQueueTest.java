package dev.scatterbatch.model.sim;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventQueueTest {

    @Test
    void runsEventsInTimeThenPriorityThenSchedulingOrder() {
        EventQueue q = new EventQueue();
        List<String> log = new ArrayList<>();
        q.schedule(10, EventPriority.GPU, () -> log.add("gpu@10"));
        q.schedule(10, EventPriority.KERNEL_WORK, () -> log.add("restore@10"));
        q.schedule(10, EventPriority.HOST_MEMORY_EVENT, () -> log.add("mm@10"));
        q.schedule(5, EventPriority.GPU, () -> log.add("gpu@5"));
        q.schedule(10, EventPriority.GPU, () -> log.add("gpu@10#2"));
        while (q.step()) { }
        assertThat(log).containsExactly("gpu@5", "mm@10", "restore@10", "gpu@10", "gpu@10#2");
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
}
