package dev.scatterbatch.host.mm;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
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

    @Property(tries = 300)
    void queriesAgreeWithABruteForceScan(@ForAll @Size(max = 60) List<@IntRange(max = 1000) Integer> starts,
                                         @ForAll @Size(max = 60) List<@IntRange(max = 200) Integer> lengths,
                                         @ForAll @IntRange(max = 60) int removals,
                                         @ForAll @IntRange(max = 1200) int qs, @ForAll @IntRange(max = 300) int ql) {
        IntervalTree<Integer> t = new IntervalTree<>();
        List<IntervalTree.Node<Integer>> nodes = new ArrayList<>();
        int n = Math.min(starts.size(), lengths.size());
        for (int i = 0; i < n; i++) nodes.add(t.insert(starts.get(i), starts.get(i) + lengths.get(i), i));
        List<IntervalTree.Node<Integer>> live = new ArrayList<>(nodes);
        for (int i = 0; i < Math.min(removals, live.size()); i += 2) t.remove(live.remove(i));
        long qLast = qs + ql;
        List<Integer> expected = live.stream()
                .filter(x -> x.start() <= qLast && qs <= x.last())
                .sorted((x, y) -> x.start() != y.start() ? Long.compare(x.start(), y.start()) : Integer.compare(x.value(), y.value()))
                .map(IntervalTree.Node::value).toList();
        assertThat(t.overlapping(qs, qLast)).extracting(IntervalTree.Node::value).containsExactlyElementsOf(expected);
        assertThat(t.anyOverlapping(qs, qLast)).isEqualTo(!expected.isEmpty());
        assertThat(t.size()).isEqualTo(live.size());
    }
}
