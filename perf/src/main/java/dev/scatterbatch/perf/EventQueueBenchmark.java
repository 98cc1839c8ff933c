package dev.scatterbatch.perf;

import dev.scatterbatch.model.sim.EventQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * The host's discrete-event queue in its steady state: {@code pending} events scheduled, and each operation
 * schedules one more a little later and runs the earliest, as the host's memory-event sources and GPU do.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EventQueueBenchmark {

    @Param({"16", "1024"})
    int pending;

    private EventQueue queue;
    private long ticks;
    private final Runnable nothing = () -> { };

    @Setup
    public void fill() {
        queue = new EventQueue();
        for (int i = 0; i < pending; i++) queue.schedule(i * 1_000L, 0, nothing);
        ticks = pending;
    }

    /** One event scheduled behind the others, the earliest run. */
    @Benchmark
    public long scheduleAndStep() {
        queue.schedule(ticks++ * 1_000L, 0, nothing);
        queue.step();
        return queue.nowNs();
    }
}
