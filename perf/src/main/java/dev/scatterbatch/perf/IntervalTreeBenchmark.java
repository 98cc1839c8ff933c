package dev.scatterbatch.perf;

import dev.scatterbatch.host.mm.IntervalTree;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The interval tree behind the MMU-notifier subscriptions and VMAs, holding {@code size} 8 KiB ranges scattered
 * like a registered buffer's: each operation inserts one, asks what overlaps a page, and removes it again.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class IntervalTreeBenchmark {

    private static final long BASE = 0x7f00_0000_0000L;
    private static final long SLOT = 0x4_0000L;

    @Param({"64", "4096"})
    int size;

    private IntervalTree<Long> tree;
    private final SplittableRandom random = new SplittableRandom(42);

    @Setup
    public void fill() {
        tree = new IntervalTree<>();
        for (int i = 0; i < size; i++) tree.insert(BASE + i * SLOT, BASE + i * SLOT + 8191, (long) i);
    }

    /** An insertion, an overlap query on one page and a removal, at a random place among the ranges. */
    @Benchmark
    public boolean insertQueryRemove() {
        long start = BASE + random.nextLong(size) * SLOT + 0x1_0000L;
        IntervalTree.Node<Long> node = tree.insert(start, start + 8191, start);
        boolean hit = tree.anyOverlapping(start + 4096, start + 4096);
        tree.remove(node);
        return hit;
    }
}
