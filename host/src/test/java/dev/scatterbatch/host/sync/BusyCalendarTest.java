package dev.scatterbatch.host.sync;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.IntToLongFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BusyCalendarTest {

    @Test
    void aHoldWaitsForTheCurrentHolderAndFillsAGapThatFits() {
        BusyCalendar c = new BusyCalendar();
        assertThat(c.reserve(100, 50)).isEqualTo(100);     // [100, 150)
        assertThat(c.reserve(300, 50)).isEqualTo(300);     // [300, 350)
        assertThat(c.reserve(120, 10)).isEqualTo(150);     // waits for the holder: [150, 160)
        assertThat(c.reserve(140, 200)).isEqualTo(350);    // the gap [160, 300) is too short
        assertThat(c.reserve(140, 100)).isEqualTo(160);    // this one fits in it
        assertThat(c.reserve(0, 0)).isEqualTo(0);
        assertThat(c.reserve(110, 0)).isEqualTo(260);      // a zero hold waits for the holder
        assertThat(c.intervals()).isEqualTo(2);            // touching holds merged: [100, 260) and [300, 550)
    }

    @Test
    void touchingHoldsMergeAndOldOnesAreForgotten() {
        BusyCalendar c = new BusyCalendar();
        c.reserve(0, 10);
        c.reserve(20, 10);
        c.reserve(10, 10);                                 // joins both neighbours
        assertThat(c.intervals()).isEqualTo(1);
        c.reserve(3_000_000_000L, 1);                      // two virtual seconds later: the first hold is past the horizon
        assertThat(c.intervals()).isEqualTo(1);
        assertThatThrownBy(() -> c.reserve(0, -1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative hold");
    }

    /** Random holds, mostly in time order with some arriving late, answer as a plain sorted map of intervals does. */
    @Test
    void answersAsASortedMapOfIntervalsWould() {
        answersAsTheReference(i -> 2_000);
    }

    /** The same over virtual seconds (holds spread ten times wider), so that old holds are forgotten all along. */
    @Test
    void forgetsAsTheReferenceDoes() {
        answersAsTheReference(i -> 20_000);
    }

    /**
     * Sparse holds for two virtual seconds, so that forgetting has moved the oldest hold into the middle of the rings,
     * then dense ones: the rings grow past one segment and double several times with the head inside a segment.
     */
    @Test
    void growsAsTheReferenceDoesWithTheOldestHoldInsideASegment() {
        answersAsTheReference(i -> i < 3_000 ? 2_000_000 : 8_000);
    }

    /** Random holds, the {@code i}-th a random step below {@code meanStepNs.applyAsLong(i)} after the one before. */
    private static void answersAsTheReference(IntToLongFunction meanStepNs) {
        SplittableRandom random = new SplittableRandom(7);
        BusyCalendar calendar = new BusyCalendar();
        Reference reference = new Reference();
        long clock = 0;
        for (int i = 0; i < 200_000; i++) {
            clock += random.nextLong(meanStepNs.applyAsLong(i));
            long at = random.nextInt(10) == 0 ? Math.max(0, clock - random.nextLong(50_000)) : clock;
            long hold = random.nextInt(20) == 0 ? 0 : random.nextLong(3_000);
            long free = calendar.earliestFree(at, hold);
            assertThat(free).isEqualTo(reference.earliestFree(at, hold));
            // every other hold is booked at the start the caller was given, as the CPU pool and ALLOC's locks do
            long booked = i % 2 == 0 ? calendar.reserve(at, hold) : calendar.reserveAt(at, free, hold);
            assertThat(booked).as("hold %d", i).isEqualTo(reference.reserve(at, hold));
            assertThat(calendar.intervals()).isEqualTo(reference.busy.size());
        }
    }

    /** The calendar as a {@link TreeMap} of start to end, the straightforward way. */
    private static final class Reference {
        final TreeMap<Long, Long> busy = new TreeMap<>();
        long latest;

        long reserve(long at, long hold) {
            if (at > latest) {
                latest = at;
                while (!busy.isEmpty() && busy.firstEntry().getValue() < at - 1_000_000_000L) busy.pollFirstEntry();
            }
            long start = earliestFree(at, hold);
            if (hold > 0) {
                long s = start;
                Map.Entry<Long, Long> prev = busy.floorEntry(s);
                if (prev != null && prev.getValue() == s) {
                    busy.remove(prev.getKey());
                    s = prev.getKey();
                }
                Long nextEnd = busy.remove(start + hold);
                busy.put(s, nextEnd != null ? nextEnd : start + hold);
            }
            return start;
        }

        long earliestFree(long at, long hold) {
            long s = at;
            Map.Entry<Long, Long> below = busy.floorEntry(s);
            if (below != null && below.getValue() > s) s = below.getValue();
            while (true) {
                Map.Entry<Long, Long> next = busy.higherEntry(s);
                if (next == null || next.getKey() >= s + hold) return s;
                s = next.getValue();
            }
        }
    }
}
