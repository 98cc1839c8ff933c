package dev.scatterbatch.extent;

import dev.scatterbatch.extent.ExtentSet.Extent;
import dev.scatterbatch.extent.ExtentSet.Index;
import dev.scatterbatch.model.testing.RandomizedCheck;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExtentSetTest {

    @Test
    void addingMergesTouchingNeighboursAndRemovingSplits() {
        ExtentSet set = new ExtentSet(Index.ADDRESS);
        set.add(0, 10);
        set.add(20, 30);
        set.add(10, 20);
        assertThat(set.toList()).containsExactly(new Extent(0, 30));
        set.remove(5, 8);
        assertThat(set.toList()).containsExactly(new Extent(0, 5), new Extent(8, 30));
        assertThat(set.totalLength()).isEqualTo(27);
        assertThat(set.count()).isEqualTo(2);
        assertThat(set.removeOverlap(3, 12, null)).isEqualTo(6);
        assertThat(set.toList()).containsExactly(new Extent(0, 3), new Extent(12, 30));
    }

    @Test
    void removingAnOverlapMovesItToTheTargetUnlessTheTargetHoldsPartOfIt() {
        ExtentSet set = new ExtentSet(Index.ADDRESS);
        set.add(0, 10);
        set.add(20, 30);
        ExtentSet target = new ExtentSet(Index.ADDRESS);
        assertThat(set.removeOverlap(5, 25, target)).isEqualTo(10);
        assertThat(target.toList()).containsExactly(new Extent(5, 10), new Extent(20, 25));
        assertThatThrownBy(() -> set.removeOverlap(0, 6, target)).isInstanceOf(IllegalStateException.class)
                .hasMessage("the target already holds part of [0x0, 0x6)");
        assertThat(set.toList()).containsExactly(new Extent(0, 5), new Extent(25, 30));
    }

    @Test
    void firstFitFindsTheLowestExtentThatHoldsTheLengthAboveAnAddress() {
        ExtentSet set = of(Index.LONGEST, 0, 8, 10, 12, 20, 26, 30, 40);
        assertThat(set.firstFit(6)).isEqualTo(new Extent(0, 8));
        assertThat(set.firstFitAbove(0, 6)).isEqualTo(new Extent(20, 26));
        assertThat(set.firstFitAbove(20, 6)).isEqualTo(new Extent(30, 40));
        assertThat(set.firstFitAbove(19, 2)).isEqualTo(new Extent(20, 26));
        assertThat(set.firstFitAbove(30, 1)).isNull();
        assertThat(set.firstFit(11)).isNull();
    }

    @Test
    void firstFitTakesFromTheLowestExtentThatHoldsTheLength() {
        ExtentSet set = new ExtentSet(Index.LONGEST);
        set.add(0, 4);
        set.add(10, 20);
        set.add(30, 36);
        assertThat(set.takeFirstFit(6)).isEqualTo(10);
        assertThat(set.takeFirstFit(6)).isEqualTo(30);
        assertThat(set.takeFirstFit(5)).isEqualTo(-1);
        assertThat(set.toList()).containsExactly(new Extent(0, 4), new Extent(16, 20));
    }

    @Test
    void bestFitTakesFromTheShortestExtentThatHoldsTheLengthTheLowestOnTies() {
        ExtentSet set = of(Index.BY_LENGTH, 0, 10, 20, 26, 40, 46, 50, 52);
        assertThat(set.takeBestFit(5)).isEqualTo(20);
        assertThat(set.takeBestFit(5)).isEqualTo(40);
        assertThat(set.takeBestFit(11)).isEqualTo(-1);
        assertThat(set.toList()).containsExactly(new Extent(0, 10), new Extent(25, 26), new Extent(45, 46), new Extent(50, 52));
    }

    @Test
    void theLongestExtentIsTheHighestAmongEquallyLongOnes() {
        ExtentSet set = new ExtentSet(Index.LONGEST);
        assertThat(set.longest()).isNull();
        set.add(0, 4);
        set.add(10, 14);
        set.add(6, 7);
        assertThat(set.longest()).isEqualTo(new Extent(10, 14));
    }

    @Test
    void aSetAnswersOnlyTheLookUpsItsIndexKeeps() {
        ExtentSet address = new ExtentSet(Index.ADDRESS);
        address.add(0, 8);
        assertThatThrownBy(() -> address.takeFirstFit(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> address.takeBestFit(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(address::longest).isInstanceOf(IllegalStateException.class);
        ExtentSet byLength = new ExtentSet(Index.BY_LENGTH);
        byLength.add(0, 8);
        assertThatThrownBy(() -> byLength.takeFirstFit(1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void badExtentsAndLengthsAreRefusedWithTheSetUnchanged() {
        ExtentSet set = new ExtentSet(Index.LONGEST);
        set.add(0x1000, 0x3000);
        assertThatThrownBy(() -> set.add(0x2000, 0x4000)).isInstanceOf(IllegalStateException.class)
                .hasMessage("extent overlaps the set: [0x2000, 0x4000)");
        assertThatThrownBy(() -> set.add(5, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> set.add(-2, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> set.remove(0x2000, 0x4000)).isInstanceOf(IllegalStateException.class)
                .hasMessage("not inside one extent: [0x2000, 0x4000)");
        assertThatThrownBy(() -> set.takeFirstFit(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("length 0 is not positive");
        assertThat(set.toList()).containsExactly(new Extent(0x1000, 0x3000));
        assertThat(set.totalLength()).isEqualTo(0x2000);
    }

    /**
     * Random adds, removes, overlap removals and fits, on a set of every index, agree with a bit per address unit; after
     * every step the extents are disjoint, maximal and in order, and every look-up answers as the bits say.
     */
    @Test
    void behavesAsABitPerAddressUnit() {
        RandomizedCheck.forAll(300, rnd -> {
            Index index = Index.values()[rnd.nextInt(Index.values().length)];
            int universe = 8 + rnd.nextInt(300);
            ExtentSet set = new ExtentSet(index);
            BitSet bits = new BitSet(universe);
            // what removeOverlap moved out of the set; emptied now and then, so moves are also refused only sometimes
            ExtentSet moved = new ExtentSet(Index.ADDRESS);
            BitSet movedBits = new BitSet(universe);
            for (int step = rnd.nextInt(1500); step > 0; step--) {
                int start = rnd.nextInt(universe);
                int end = start + 1 + rnd.nextInt(Math.min(40, universe - start));
                switch (rnd.nextInt(5)) {
                    case 0 -> {
                        boolean free = bits.get(start, end).isEmpty();
                        if (free) {
                            set.add(start, end);
                            bits.set(start, end);
                        } else {
                            assertThatThrownBy(() -> set.add(start, end)).isInstanceOf(IllegalStateException.class);
                        }
                    }
                    case 1 -> {
                        boolean inside = bits.get(start, end).cardinality() == end - start;
                        if (inside) {
                            set.remove(start, end);
                            bits.clear(start, end);
                        } else {
                            assertThatThrownBy(() -> set.remove(start, end)).isInstanceOf(IllegalStateException.class);
                        }
                    }
                    case 2 -> {
                        if (rnd.nextInt(4) == 0) {
                            assertThat(moved.removeOverlap(0, universe, null)).isEqualTo(movedBits.cardinality());
                            movedBits.clear();
                        }
                        if (movedBits.get(start, end).isEmpty()) {
                            BitSet removed = bits.get(start, end);
                            assertThat(set.removeOverlap(start, end, moved)).isEqualTo(removed.cardinality());
                            bits.clear(start, end);
                            for (int i = removed.nextSetBit(0); i >= 0; i = removed.nextSetBit(i + 1)) movedBits.set(start + i);
                        } else {
                            assertThatThrownBy(() -> set.removeOverlap(start, end, moved)).isInstanceOf(IllegalStateException.class);
                        }
                        assertThat(moved.toList()).isEqualTo(runs(movedBits));
                    }
                    case 3 -> take(set, index, bits, end - start);
                    default -> {
                        assertThat(set.covers(start, end)).isEqualTo(bits.get(start, end).cardinality() == end - start);
                        assertThat(set.overlaps(start, end)).isEqualTo(!bits.get(start, end).isEmpty());
                        assertThat(set.containing(start)).isEqualTo(bits.get(start) ? runAt(bits, start) : null);
                        int next = bits.nextSetBit(start);
                        assertThat(set.atOrAfter(start)).isEqualTo(next < 0 ? null : runAt(bits, next));
                        if (index == Index.LONGEST) {
                            int length = end - start;
                            List<Extent> runs = runs(bits);
                            assertThat(set.firstFit(length)).isEqualTo(runs.stream().filter(r -> r.length() >= length).findFirst().orElse(null));
                            assertThat(set.firstFitAbove(start, length)).isEqualTo(runs.stream()
                                    .filter(r -> r.start() > start && r.length() >= length).findFirst().orElse(null));
                        }
                    }
                }
                checkAgainst(set, index, bits);
            }
        });
    }

    /** A set of {@code index} holding the extents {@code [bounds[0], bounds[1])}, {@code [bounds[2], bounds[3])}, ... */
    private static ExtentSet of(Index index, long... bounds) {
        ExtentSet set = new ExtentSet(index);
        for (int i = 0; i < bounds.length; i += 2) set.add(bounds[i], bounds[i + 1]);
        return set;
    }

    /** Takes {@code length} by the fit {@code index} answers, and checks it took what the bits say it should. */
    private static void take(ExtentSet set, Index index, BitSet bits, int length) {
        List<Extent> runs = runs(bits);
        Extent expected = switch (index) {
            case ADDRESS -> null;
            case LONGEST -> runs.stream().filter(r -> r.length() >= length).findFirst().orElse(null);
            case BY_LENGTH -> runs.stream().filter(r -> r.length() >= length)
                    .min((a, b) -> a.length() != b.length() ? Long.compare(a.length(), b.length()) : Long.compare(a.start(), b.start()))
                    .orElse(null);
        };
        if (index == Index.ADDRESS) return;
        long taken = index == Index.LONGEST ? set.takeFirstFit(length) : set.takeBestFit(length);
        assertThat(taken).isEqualTo(expected == null ? -1 : expected.start());
        if (expected != null) bits.clear((int) expected.start(), (int) expected.start() + length);
    }

    private static void checkAgainst(ExtentSet set, Index index, BitSet bits) {
        List<Extent> runs = runs(bits);
        List<Extent> extents = set.toList();
        assertThat(extents).isEqualTo(runs);
        for (int i = 1; i < extents.size(); i++) assertThat(extents.get(i).start()).isGreaterThan(extents.get(i - 1).end());
        assertThat(set.count()).isEqualTo(runs.size());
        assertThat(set.totalLength()).isEqualTo(bits.cardinality());
        if (index == Index.LONGEST) {
            Extent longest = null;
            for (Extent r : runs) if (longest == null || r.length() >= longest.length()) longest = r;
            assertThat(set.longest()).isEqualTo(longest);
        }
    }

    /** The maximal runs of set bits, in order. */
    private static List<Extent> runs(BitSet bits) {
        List<Extent> runs = new ArrayList<>();
        for (int s = bits.nextSetBit(0); s >= 0; s = bits.nextSetBit(bits.nextClearBit(s))) {
            runs.add(new Extent(s, bits.nextClearBit(s)));
        }
        return runs;
    }

    private static Extent runAt(BitSet bits, int address) {
        int start = address;
        while (start > 0 && bits.get(start - 1)) start--;
        return new Extent(start, bits.nextClearBit(address));
    }
}
