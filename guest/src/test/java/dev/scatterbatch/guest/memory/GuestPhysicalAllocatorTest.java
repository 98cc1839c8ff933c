package dev.scatterbatch.guest.memory;

import dev.scatterbatch.guest.memory.Fragmentation.Aged;
import dev.scatterbatch.guest.memory.Fragmentation.FixedRuns;
import dev.scatterbatch.guest.memory.Fragmentation.Placement;
import dev.scatterbatch.guest.memory.Fragmentation.RunLength;
import dev.scatterbatch.guest.memory.Fragmentation.RunLengths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GuestPhysicalAllocatorTest {

    private static final long KiB = 1L << 10;
    private static final long MiB = 1L << 20;
    private static final long GiB = 1L << 30;
    private static final Aged AGED_FIRST_FIT = new Aged(Aging.DEFAULT, Placement.FIRST_FIT);
    private static final Aged AGED_RANDOM = new Aged(Aging.DEFAULT, Placement.RANDOM);
    private static final RunLengths MIXED = new RunLengths(List.of(
            new RunLength(4 * KiB, 1), new RunLength(64 * KiB, 1), new RunLength(2 * MiB, 1)));

    static Stream<Fragmentation> everyKind() {
        return Stream.of(new FixedRuns(8), new FixedRuns(1), MIXED, AGED_FIRST_FIT, AGED_RANDOM);
    }

    @Test
    void seedLayoutGivesExactly500RunsOf8Pages() {
        GuestPhysicalAllocator guest = new GuestPhysicalAllocator(16 * GiB, 0);
        ScatterList buffer = guest.allocate(4000 * 4 * KiB, new FixedRuns(8), false, new SplittableRandom(42));

        assertThat(buffer.runCount()).isEqualTo(500);
        assertThat(buffer.runs()).allSatisfy(run -> assertThat(run.pages()).isEqualTo(8));
        assertThat(buffer.totalBytes()).isEqualTo(16000 * KiB);
        assertThat(buffer.pages()).isEqualTo(4000);
        assertThat(buffer.hugePages()).isFalse();
    }

    @Test
    void everyBufferOfTheSeedIterationGets500RunsWhereverItLands() {
        GuestPhysicalAllocator guest = new GuestPhysicalAllocator(16 * GiB, 0);
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 4; i++) {
            assertThat(guest.allocate(16000 * KiB, new FixedRuns(8), false, random).runCount()).isEqualTo(500);
        }
    }

    @Test
    void singlePageRunsInterleaveWithAnEarlierBufferWithoutTouchingEachOther() {
        GuestPhysicalAllocator guest = new GuestPhysicalAllocator(64 * MiB, 0);
        SplittableRandom random = new SplittableRandom(1);
        ScatterList first = guest.allocate(16000 * KiB, new FixedRuns(1), false, random);
        ScatterList second = guest.allocate(16000 * KiB, new FixedRuns(1), false, random);

        assertThat(first.runCount()).isEqualTo(4000);
        assertThat(second.runCount()).isEqualTo(4000);
        assertThat(second.run(0).gpa()).isEqualTo(4 * KiB); // the gap after the first buffer's first page
    }

    @ParameterizedTest
    @MethodSource("everyKind")
    void noTwoConsecutiveRunsAreContiguous(Fragmentation fragmentation) {
        GuestPhysicalAllocator guest = new GuestPhysicalAllocator(2 * GiB, 0);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 3; i++) {
            List<GuestPhysicalRun> runs = guest.allocate(64 * MiB, fragmentation, false, random).runs();
            for (int r = 1; r < runs.size(); r++) {
                assertThat(runs.get(r).gpa()).isNotEqualTo(runs.get(r - 1).end());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("everyKind")
    void freeingEveryBufferRestoresTheFreeExtentsOfBefore(Fragmentation fragmentation) {
        GuestPhysicalAllocator guest = new GuestPhysicalAllocator(2 * GiB, 0);
        SplittableRandom random = new SplittableRandom(3);
        guest.allocate(4 * KiB, new FixedRuns(1), false, random); // (ages the region first where the kind ages)
        guest.allocate(64 * MiB, fragmentation, false, random);
        List<GuestPhysicalRun> before = guest.freeExtents(false);
        GuestMemoryUsage usageBefore = guest.usage(false);

        ScatterList a = guest.allocate(48 * MiB, fragmentation, false, random);
        ScatterList b = guest.allocate(16 * MiB, fragmentation, false, random);
        guest.free(a);
        guest.free(b);

        assertThat(guest.freeExtents(false)).isEqualTo(before);
        assertThat(guest.usage(false)).isEqualTo(usageBefore);
    }

    @Test
    void aBufferLargerThanTheFreeMemoryIsRefusedAndNothingIsAllocated() {
        GuestPhysicalAllocator guest = new GuestPhysicalAllocator(64 * MiB, 0);
        guest.allocate(40 * MiB, MIXED, false, new SplittableRandom(1));
        GuestMemoryUsage before = guest.usage(false);

        assertThatThrownBy(() -> guest.allocate(32 * MiB, MIXED, false, new SplittableRandom(2)))
                .isInstanceOf(GuestMemoryExhaustedException.class)
                .hasMessageStartingWith("guest memory exhausted: cannot allocate 32MiB (run lengths [4KiB, 64KiB, 2MiB]) from the normal region of 64MiB: ");
        assertThat(guest.usage(false)).isEqualTo(before);
    }

    @Test
    void runsThatFitInTotalButNotWithTheirGapsAreRefusedAndRolledBack() {
        // 512 free pages hold 512 pages, but 64 runs of 8 pages need 63 gap pages as well
        GuestPhysicalAllocator guest = new GuestPhysicalAllocator(2 * MiB, 0);
        List<GuestPhysicalRun> before = guest.freeExtents(false);

        assertThatThrownBy(() -> guest.allocate(2 * MiB, new FixedRuns(8), false, new SplittableRandom(1)))
                .isInstanceOf(GuestMemoryExhaustedException.class)
                .hasMessage("guest memory exhausted: cannot allocate 2MiB (fixed runs of 8 pages) from the normal region of 2MiB: "
                        + "2MiB free in 1 extents, the longest 2MiB");
        assertThat(guest.freeExtents(false)).isEqualTo(before);
        assertThat(guest.usage(false).bufferBytes()).isZero();
    }

    @Test
    void aGuestWithoutAHugePagePoolCannotBackHugePageBuffers() {
        GuestPhysicalAllocator guest = new GuestPhysicalAllocator(64 * MiB, 0);
        assertThatThrownBy(() -> guest.allocate(2 * MiB, new FixedRuns(512), true, new SplittableRandom(1)))
                .isInstanceOf(GuestMemoryExhaustedException.class)
                .hasMessageContaining("from the huge-page pool of 0B: 0B free in 0 extents");
    }

    @Test
    void llmWeightsOnTheHugePagePoolAre2MiBAlignedRunsOf2MiBTo1GiB() {
        GuestPhysicalAllocator guest = new GuestPhysicalAllocator(24 * GiB, 16 * GiB);
        RunLengths weights = new RunLengths(List.of(
                new RunLength(2 * MiB, 4), new RunLength(64 * MiB, 3), new RunLength(GiB, 3)));
        ScatterList buffer = guest.allocate(14 * GiB, weights, true, new SplittableRandom(42));

        assertThat(buffer.hugePages()).isTrue();
        assertThat(buffer.totalBytes()).isEqualTo(14 * GiB);
        assertThat(buffer.runs()).allSatisfy(run -> {
            assertThat(run.gpa()).isBetween(8 * GiB, 24 * GiB - run.bytes());
            assertThat(run.gpa() % (2 * MiB)).isZero();
            assertThat(run.bytes() % (2 * MiB)).isZero();
            assertThat(run.bytes()).isLessThanOrEqualTo(GiB);
        });
        assertThat(guest.usage(true).bufferBytes()).isEqualTo(14 * GiB);
        assertThat(guest.usage(false).bufferBytes()).isZero();
    }

    @Test
    void theLastRunIsShortenedToFitTheBufferSize() {
        GuestPhysicalAllocator guest = new GuestPhysicalAllocator(GiB, 0);
        ScatterList buffer = guest.allocate(5 * MiB, new RunLengths(List.of(new RunLength(2 * MiB, 1))), false, new SplittableRandom(1));
        assertThat(buffer.runs()).extracting(GuestPhysicalRun::bytes).containsExactly(2 * MiB, 2 * MiB, MiB);
    }

    @Test
    void aRunLengthNoExtentHoldsFallsBackToTheLongestExtent() {
        GuestPhysicalAllocator guest = new GuestPhysicalAllocator(64 * MiB, 0);
        ScatterList buffer = guest.allocate(48 * MiB, new RunLengths(List.of(new RunLength(GiB, 1))), false, new SplittableRandom(1));
        assertThat(buffer.runs()).containsExactly(new GuestPhysicalRun(0, 48 * MiB));
    }

    @Test
    void hugePageSizesThatAreNotWhole2MiBPagesAreRefused() {
        GuestPhysicalAllocator guest = new GuestPhysicalAllocator(64 * MiB, 32 * MiB);
        assertThatThrownBy(() -> guest.allocate(3 * MiB, new FixedRuns(512), true, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("buffer size 3145728 is not a positive whole number of 2MiB pages, the page size of the huge-page pool");
        assertThatThrownBy(() -> guest.allocate(4 * MiB, new FixedRuns(8), true, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fixed-runs run length 32768 is not a positive whole number of 2MiB pages, the page size of the huge-page pool");
    }

    @Test
    void aSizeThatIsNotAWholeNumberOfFixedRunsIsRefused() {
        GuestPhysicalAllocator guest = new GuestPhysicalAllocator(64 * MiB, 0);
        assertThatThrownBy(() -> guest.allocate(12 * KiB, new FixedRuns(8), false, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("buffer size 12KiB is not a whole number of runs of 8 pages");
    }

    @Test
    void agedRunsEmergeFromTheChurnAndAreWholeFreeExtents() {
        GuestPhysicalAllocator guest = new GuestPhysicalAllocator(8 * GiB, 0);
        guest.allocate(4 * KiB, AGED_FIRST_FIT, false, new SplittableRandom(42)); // ages the region
        guest.free(guest.allocate(4 * KiB, AGED_FIRST_FIT, false, new SplittableRandom(42)));
        List<GuestPhysicalRun> holes = guest.freeExtents(false);
        assertThat(guest.usage(false).churnBytes()).isPositive();

        ScatterList buffer = guest.allocate(64 * MiB, AGED_FIRST_FIT, false, new SplittableRandom(42));

        assertThat(buffer.runCount()).isGreaterThan(100);
        List<GuestPhysicalRun> runs = buffer.runs();
        assertThat(runs.subList(0, runs.size() - 1)).isEqualTo(holes.subList(0, runs.size() - 1));
    }

    @Test
    void aRegionIsAgedOnceAndRefusesASecondDifferentHistory() {
        GuestPhysicalAllocator guest = new GuestPhysicalAllocator(GiB, 0);
        guest.allocate(4 * KiB, AGED_FIRST_FIT, false, new SplittableRandom(1));
        long churn = guest.usage(false).churnBytes();
        guest.allocate(4 * KiB, AGED_RANDOM, false, new SplittableRandom(2)); // same aging, other placement
        assertThat(guest.usage(false).churnBytes()).isEqualTo(churn);

        Aged other = new Aged(new Aging(MiB, 4 * KiB, 8 * KiB, 0), Placement.FIRST_FIT);
        assertThatThrownBy(() -> guest.allocate(4 * KiB, other, false, new SplittableRandom(3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the normal region was already aged by");
    }

    @ParameterizedTest
    @MethodSource("everyKind")
    void theSameSeedGivesTheSameRuns(Fragmentation fragmentation) {
        assertThat(allocateTwice(fragmentation, 42)).isEqualTo(allocateTwice(fragmentation, 42));
    }

    @Test
    void randomChoicesDependOnTheSeed() {
        assertThat(allocateTwice(MIXED, 1)).isNotEqualTo(allocateTwice(MIXED, 2));
        assertThat(allocateTwice(AGED_RANDOM, 1)).isNotEqualTo(allocateTwice(AGED_RANDOM, 2));
    }

    private static List<ScatterList> allocateTwice(Fragmentation fragmentation, long seed) {
        GuestPhysicalAllocator guest = new GuestPhysicalAllocator(GiB, 0);
        SplittableRandom random = new SplittableRandom(seed);
        List<ScatterList> lists = new ArrayList<>();
        for (int i = 0; i < 2; i++) lists.add(guest.allocate(32 * MiB, fragmentation, false, random));
        return lists;
    }

    @Test
    void freeingABufferTwiceIsRefusedAndChangesNothing() {
        GuestPhysicalAllocator guest = new GuestPhysicalAllocator(64 * MiB, 0);
        ScatterList buffer = guest.allocate(MiB, new FixedRuns(8), false, new SplittableRandom(1));
        guest.free(buffer);
        List<GuestPhysicalRun> free = guest.freeExtents(false);

        assertThatThrownBy(() -> guest.free(buffer))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("run [0x0, +32KiB) is not allocated in the normal region (freed twice?)");
        assertThat(guest.freeExtents(false)).isEqualTo(free);
    }

    @Test
    void freeingRunsThatOverlapOrAreFreeOrChurnIsRefusedAndChangesNothing() {
        GuestPhysicalAllocator guest = new GuestPhysicalAllocator(64 * MiB, 0);
        guest.allocate(MiB, new FixedRuns(8), false, new SplittableRandom(1));
        List<GuestPhysicalRun> free = guest.freeExtents(false);

        ScatterList overlapping = new ScatterList(List.of(new GuestPhysicalRun(0, 32 * KiB), new GuestPhysicalRun(16 * KiB, 8 * KiB)), false);
        assertThatThrownBy(() -> guest.free(overlapping))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("runs [0x0, +32KiB) and [0x4000, +8KiB) overlap");
        // the page between the first two runs is free
        ScatterList acrossAGap = new ScatterList(List.of(new GuestPhysicalRun(0, 36 * KiB)), false);
        assertThatThrownBy(() -> guest.free(acrossAGap)).hasMessage("run [0x0, +36KiB) is not allocated in the normal region (freed twice?)");
        assertThat(guest.freeExtents(false)).isEqualTo(free);

        GuestPhysicalAllocator aged = new GuestPhysicalAllocator(64 * MiB, 0);
        aged.free(aged.allocate(4 * KiB, AGED_FIRST_FIT, false, new SplittableRandom(42)));
        GuestPhysicalRun firstHole = aged.freeExtents(false).getFirst();
        // no buffer is left, so what lies just above the lowest free extent is held by the churn
        ScatterList churn = new ScatterList(List.of(new GuestPhysicalRun(firstHole.end(), 4 * KiB)), false);
        assertThatThrownBy(() -> aged.free(churn)).hasMessageEndingWith("is not allocated in the normal region (freed twice?)");
    }

    @Test
    void runsAreFreedWhateverTheirOrderInTheBuffer() {
        GuestPhysicalAllocator guest = new GuestPhysicalAllocator(64 * MiB, 0);
        List<GuestPhysicalRun> free = guest.freeExtents(false);
        ScatterList buffer = guest.allocate(MiB, new FixedRuns(8), false, new SplittableRandom(1));

        guest.free(new ScatterList(buffer.runs().reversed(), false));

        assertThat(guest.freeExtents(false)).isEqualTo(free);
        assertThat(guest.usage(false).bufferBytes()).isZero();
    }

    @Test
    void guestRamAndPoolMustBeWhole2MiBPagesAndThePoolMustFit() {
        assertThatThrownBy(() -> new GuestPhysicalAllocator(3 * MiB, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GuestPhysicalAllocator(4 * MiB, 6 * MiB)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GuestPhysicalAllocator(4 * MiB, MiB)).isInstanceOf(IllegalArgumentException.class);
    }
}
