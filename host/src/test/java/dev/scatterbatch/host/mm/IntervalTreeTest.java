package dev.scatterbatch.host.mm;

import dev.scatterbatch.model.testing.RandomizedCheck;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IntervalTreeTest {

    @Test
    void closedIntervalsOverlapAtTheirEndpoints() {
        IntervalTree<String> t = new IntervalTree<>();
        t.insert(10, 19, "a");
        assertThat(t.anyOverlapping(19, 30)).isTrue();
        assertThat(t.anyOverlapping(20, 30)).isFalse();
        assertThat(t.anyOverlapping(0, 9)).isFalse();
        assertThat(t.anyOverlapping(0, 10)).isTrue();
    }

    @Test
    void overlappingVisitsInOrderOfStartThenInsertion() {
        IntervalTree<String> t = new IntervalTree<>();
        t.insert(50, 60, "late");
        t.insert(10, 100, "wide");
        t.insert(10, 20, "second-at-10");
        t.insert(200, 300, "out");
        List<String> seen = new ArrayList<>();
        t.forEachOverlapping(15, 55, n -> seen.add(n.value()));
        assertThat(seen).containsExactly("wide", "second-at-10", "late");
    }

    @Test
    void valuesAboveTwoToTheSixtyThreeCompareUnsigned() {
        IntervalTree<String> t = new IntervalTree<>();
        t.insert(0xFFFF_FFFF_FFFF_F000L, -1L, "top");
        t.insert(0x1000, 0x1FFF, "low");
        assertThat(t.overlapping(0x8000_0000_0000_0000L, -1L)).extracting(IntervalTree.Node::value).containsExactly("top");
        assertThat(t.anyOverlapping(0x2000, 0x7FFF_FFFF_FFFF_FFFFL)).isFalse();
    }

    @Test
    void removedNodesAreGoneAndCannotBeRemovedTwice() {
        IntervalTree<String> t = new IntervalTree<>();
        var a = t.insert(1, 5, "a");
        t.insert(3, 8, "b");
        t.remove(a);
        assertThat(t.size()).isEqualTo(1);
        assertThat(t.overlapping(0, 2)).isEmpty();
        assertThatThrownBy(() -> t.remove(a)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void queriesAgreeWithABruteForceScan() {
        RandomizedCheck.forAll(500, rnd -> {
            IntervalTree<Integer> t = new IntervalTree<>();
            List<IntervalTree.Node<Integer>> live = new ArrayList<>();
            int n = rnd.nextInt(60);
            for (int i = 0; i < n; i++) {
                long s = rnd.nextInt(1000);
                live.add(t.insert(s, s + rnd.nextInt(200), i));
            }
            int removals = rnd.nextInt(n + 1);
            for (int i = 0; i < removals && !live.isEmpty(); i++) t.remove(live.remove(rnd.nextInt(live.size())));
            long qs = rnd.nextInt(1200);
            assertQueriesAgree(t, live, qs, qs + rnd.nextInt(300));
            assertThat(t.size()).isEqualTo(live.size());
        });
    }

    @Test
    void longRunsOfInsertionsAndRemovalsAgreeWithABruteForceScan() {
        // the walk up after a change stops early, and insertions wait for the next query: long interleaved runs, with
        // queries now after every change and now after many, check that no height, maximum or waiting node goes astray
        RandomizedCheck.forAll(40, rnd -> {
            int queryEvery = rnd.nextBoolean() ? 1 : 1 + rnd.nextInt(50);
            IntervalTree<Integer> t = new IntervalTree<>();
            List<IntervalTree.Node<Integer>> live = new ArrayList<>();
            for (int op = 0; op < 2000; op++) {
                if (live.isEmpty() || rnd.nextInt(100) < 55) {
                    long s = rnd.nextInt(5000);
                    live.add(t.insert(s, s + rnd.nextInt(rnd.nextBoolean() ? 20 : 2000), op));
                } else {
                    // mostly the oldest, as FREE follows ALLOC in order, sometimes any
                    t.remove(live.remove(rnd.nextInt(4) == 0 ? rnd.nextInt(live.size()) : 0));
                }
                assertThat(t.size()).isEqualTo(live.size());
                if (op % queryEvery != 0) continue;
                long qs = rnd.nextInt(7000);
                assertQueriesAgree(t, live, qs, qs + rnd.nextInt(100));
            }
            List<Integer> all = new ArrayList<>();
            t.forEach(n -> all.add(n.value()));
            assertThat(all).containsExactlyElementsOf(inOrder(live, 0, Long.MAX_VALUE));
        });
    }

    /** The live intervals meeting {@code [qs, qLast]}, by start then insertion (their values count up). */
    private static List<Integer> inOrder(List<IntervalTree.Node<Integer>> live, long qs, long qLast) {
        return live.stream()
                .filter(x -> x.start() <= qLast && qs <= x.last())
                .sorted(Comparator.comparingLong((IntervalTree.Node<Integer> x) -> x.start()).thenComparing(IntervalTree.Node::value))
                .map(IntervalTree.Node::value).toList();
    }

    private static void assertQueriesAgree(IntervalTree<Integer> t, List<IntervalTree.Node<Integer>> live, long qs, long qLast) {
        List<Integer> expected = inOrder(live, qs, qLast);
        assertThat(t.overlapping(qs, qLast)).extracting(IntervalTree.Node::value).containsExactlyElementsOf(expected);
        assertThat(t.anyOverlapping(qs, qLast)).isEqualTo(!expected.isEmpty());
    }

    /** A structure that embeds its interval, as the kernel's notifiers embed their tree node. */
    private static final class Embedded extends IntervalTree.Node<Embedded> {
        Embedded(long start, long last) {
            super(start, last);
        }
    }

    @Test
    void anEmbeddedNodeIsItsOwnValueAndCanBeInsertedAgainAfterItsRemoval() {
        IntervalTree<Embedded> t = new IntervalTree<>();
        Embedded e = new Embedded(100, 199);
        assertThat(e.inTree()).isFalse();
        assertThat(t.insert(e)).isSameAs(e);
        assertThat(e.inTree()).isTrue();
        assertThat(t.overlapping(150, 150)).extracting(IntervalTree.Node::value).containsExactly(e);
        assertThatThrownBy(() -> t.insert(e)).isInstanceOf(IllegalStateException.class);
        t.remove(e);
        assertThat(e.inTree()).isFalse();
        assertThat(t.anyOverlapping(0, 1000)).isFalse();
        t.insert(e);
        assertThat(t.size()).isEqualTo(1);
        assertThatThrownBy(() -> t.insert(new Embedded(5, 4))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reversed");
    }
}
