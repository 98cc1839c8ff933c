package dev.scatterbatch.extent;

import dev.scatterbatch.model.testing.RandomizedCheck;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LongPairSetTest {

    private static final Comparator<long[]> ORDER = Comparator.<long[]>comparingLong(p -> p[0]).thenComparingLong(p -> p[1]);

    @Test
    void anEmptySetHasNoPairs() {
        LongPairSet set = new LongPairSet();
        assertThat(set.size()).isZero();
        assertThat(set.floor(0, 0)).isEqualTo(LongPairSet.NONE);
        assertThat(set.remove(0, 0)).isFalse();
    }

    @Test
    void pairsAreOrderedByFirstThenSecondAndAddedOnce() {
        LongPairSet set = new LongPairSet();
        assertThat(set.add(5, 1)).isTrue();
        assertThat(set.add(-3, 9)).isTrue();
        assertThat(set.add(5, -2)).isTrue();
        assertThat(set.add(5, 1)).isFalse();
        assertThat(contents(set)).containsExactly(List.of(-3L, 9L), List.of(5L, -2L), List.of(5L, 1L));
        int n = set.ceiling(5, Long.MIN_VALUE);
        assertThat(set.first(n)).isEqualTo(5);
        assertThat(set.second(n)).isEqualTo(-2);
        assertThat(set.second(set.floor(5, Long.MAX_VALUE))).isEqualTo(1);
    }

    /**
     * Random adds, removes and look-ups agree with a {@link TreeSet} of the same pairs, and so do the widest pair and the
     * first pair of a width.
     */
    @Test
    void behavesAsATreeSetOfPairs() {
        RandomizedCheck.forAll(300, rnd -> {
            LongPairSet set = new LongPairSet(true);
            TreeSet<long[]> reference = new TreeSet<>(ORDER);
            int range = 1 + rnd.nextInt(200);
            for (int step = rnd.nextInt(2000); step > 0; step--) {
                long a = rnd.nextInt(range) - range / 2;
                long b = a + rnd.nextInt(4);
                long[] p = {a, b};
                switch (rnd.nextInt(4)) {
                    case 0 -> assertThat(set.add(a, b)).isEqualTo(reference.add(p));
                    case 1 -> assertThat(set.remove(a, b)).isEqualTo(reference.remove(p));
                    case 2 -> replaceNear(set, reference, p, rnd.nextInt(3) - 1, rnd.nextInt(5) - 2);
                    default -> {
                        assertThat(pair(set, set.floor(a, b))).isEqualTo(pair(reference.floor(p)));
                        assertThat(pair(set, set.lower(a, b))).isEqualTo(pair(reference.lower(p)));
                        assertThat(pair(set, set.ceiling(a, b))).isEqualTo(pair(reference.ceiling(p)));
                        assertThat(pair(set, set.higher(a, b))).isEqualTo(pair(reference.higher(p)));
                        long width = b - a;
                        assertThat(pair(set, set.firstOfWidthAtLeast(width)))
                                .isEqualTo(pair(reference.stream().filter(q -> q[1] - q[0] >= width).findFirst().orElse(null)));
                        assertThat(pair(set, set.higherOfWidthAtLeast(a, b, width))).isEqualTo(pair(reference.tailSet(p, false).stream()
                                .filter(q -> q[1] - q[0] >= width).findFirst().orElse(null)));
                    }
                }
                assertThat(set.size()).isEqualTo(reference.size());
                assertThat(pair(set, set.widest())).isEqualTo(pair(widest(reference)));
            }
            assertThat(contents(set)).isEqualTo(reference.stream().map(LongPairSetTest::pair).toList());
        });
    }

    /**
     * Replaces the pair at or above {@code p} by one moved by {@code (df, ds)}: allowed exactly when the moved pair
     * still sorts between the same neighbours, as the reference says.
     */
    private static void replaceNear(LongPairSet set, TreeSet<long[]> reference, long[] p, int df, int ds) {
        int node = set.ceiling(p[0], p[1]);
        if (node == LongPairSet.NONE) return;
        long[] old = reference.ceiling(p);
        long[] moved = {old[0] + df, old[1] + ds};
        long[] before = reference.lower(old);
        long[] after = reference.higher(old);
        boolean fits = (before == null || ORDER.compare(before, moved) < 0) && (after == null || ORDER.compare(moved, after) < 0);
        if (fits) {
            if (df == 0) {
                set.replace(node, moved[0], moved[1]);
            } else {
                assertThat(set.tryReplace(node, moved[0], moved[1])).isTrue();
            }
            reference.remove(old);
            reference.add(moved);
            assertThat(pair(set, node)).isEqualTo(pair(moved));
        } else if (df == 0) {
            assertThatThrownBy(() -> set.replace(node, moved[0], moved[1])).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("does not sort where (" + old[0] + ", " + old[1] + ") is");
        } else {
            assertThat(set.tryReplace(node, moved[0], moved[1])).isFalse();
        }
    }

    /** Ascending insertion is the order that rotates most (every run of an allocator's next-fit arrives so). */
    @Test
    void keepsOrderThroughAscendingInsertionAndRemoval() {
        LongPairSet set = new LongPairSet();
        int n = 1 << 16;
        for (int i = 0; i < n; i++) set.add(i, -i);
        for (int i = 0; i < n; i += 2) set.remove(i, -i);
        List<List<Long>> all = contents(set);
        assertThat(all).hasSize(n / 2);
        for (int k = 0; k < all.size(); k++) assertThat(all.get(k)).containsExactly(2L * k + 1, -(2L * k + 1));
        assertThat(set.first(set.higher(Long.MIN_VALUE, 0))).isEqualTo(1);
        assertThat(set.first(set.lower(Long.MAX_VALUE, 0))).isEqualTo(n - 1);
    }

    @Test
    void onlyASetTrackingWidthsKnowsItsWidestPair() {
        LongPairSet plain = new LongPairSet();
        plain.add(1, 9);
        assertThatThrownBy(plain::widest).isInstanceOf(IllegalStateException.class);
        LongPairSet tracking = new LongPairSet(true);
        assertThat(tracking.widest()).isEqualTo(LongPairSet.NONE);
        tracking.add(0, 4);
        tracking.add(10, 14);
        tracking.add(5, 6);
        // equally wide: the larger pair
        assertThat(pair(tracking, tracking.widest())).containsExactly(10L, 14L);
        tracking.remove(10, 14);
        assertThat(pair(tracking, tracking.widest())).containsExactly(0L, 4L);
    }

    /** The reference's widest pair: the largest {@code second - first}, the last (largest) pair on ties. */
    private static long[] widest(TreeSet<long[]> reference) {
        long[] best = null;
        for (long[] p : reference) if (best == null || p[1] - p[0] >= best[1] - best[0]) best = p;
        return best;
    }

    private static List<List<Long>> contents(LongPairSet set) {
        List<List<Long>> out = new ArrayList<>();
        set.forEach((a, b) -> out.add(List.of(a, b)));
        return out;
    }

    private static List<Long> pair(LongPairSet set, int node) {
        return node == LongPairSet.NONE ? null : List.of(set.first(node), set.second(node));
    }

    private static List<Long> pair(long[] p) {
        return p == null ? null : List.of(p[0], p[1]);
    }
}
