package dev.scatterbatch.perf;

import dev.scatterbatch.guest.memory.Fragmentation;
import dev.scatterbatch.guest.memory.Fragmentation.FixedRuns;
import dev.scatterbatch.guest.memory.Fragmentation.RunLength;
import dev.scatterbatch.guest.memory.Fragmentation.RunLengths;
import dev.scatterbatch.guest.memory.GuestPhysicalAllocator;
import dev.scatterbatch.guest.memory.ScatterList;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The guest's physical page allocator as an iteration of seed-opencl uses it: four 15.625 MiB buffers allocated
 * from 16 GiB of guest RAM, then freed. {@code fixed-runs} is seed-opencl's layout (500 runs of 8 pages each, next
 * fit); {@code run-lengths} draws each run's length from 4 KiB, 64 KiB and 1 MiB.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GuestAllocatorBenchmark {

    private static final long KiB = 1024;
    private static final long GiB = 1L << 30;
    private static final long BUFFER = 16_000 * KiB;
    private static final int BUFFERS = 4;

    @Param({"fixed-runs", "run-lengths"})
    String fragmentation;

    private GuestPhysicalAllocator allocator;
    private Fragmentation how;
    private final SplittableRandom random = new SplittableRandom(42);
    private final ScatterList[] buffers = new ScatterList[BUFFERS];

    @Setup
    public void setUp() {
        allocator = new GuestPhysicalAllocator(16 * GiB, 0);
        how = fragmentation.equals(FixedRuns.KIND) ? new FixedRuns(8)
                : new RunLengths(List.of(new RunLength(4 * KiB, 2), new RunLength(64 * KiB, 1), new RunLength(1024 * KiB, 1)));
    }

    /** One iteration's buffers: allocated, then freed; returns the runs allocated. */
    @Benchmark
    public int allocateAndFreeAnIterationsBuffers() {
        int runs = 0;
        for (int i = 0; i < BUFFERS; i++) {
            buffers[i] = allocator.allocate(BUFFER, how, false, random);
            runs += buffers[i].runCount();
        }
        for (ScatterList buffer : buffers) allocator.free(buffer);
        return runs;
    }
}
