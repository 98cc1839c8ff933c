package dev.scatterbatch.app.perf;

import dev.scatterbatch.app.run.Benchmark;
import dev.scatterbatch.app.run.RunStatistics;
import dev.scatterbatch.app.run.Transport;
import dev.scatterbatch.app.run.WorldSpec;
import dev.scatterbatch.host.hypervisor.SimulationEvent;
import dev.scatterbatch.host.hypervisor.SimulationObserver;
import dev.scatterbatch.host.kfd.KfdEnvironment;
import dev.scatterbatch.host.kfd.KfdProcess;
import dev.scatterbatch.host.mm.PageSize;
import dev.scatterbatch.model.config.ByteSizes;
import dev.scatterbatch.model.cost.CostLedger;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.scenario.Scenario;
import dev.scatterbatch.model.sim.EventQueue;
import dev.scatterbatch.model.uapi.AllocFlags;
import dev.scatterbatch.model.uapi.AllocMemoryOfGpuBatchArgs;
import dev.scatterbatch.model.uapi.Errno;
import dev.scatterbatch.model.uapi.FreeMemoryOfGpuArgs;
import dev.scatterbatch.model.uapi.IoctlResult;
import dev.scatterbatch.model.uapi.SparseUserMemory;
import dev.scatterbatch.model.uapi.UserptrRange;
import io.vertx.core.Vertx;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The targets of issue 2, measured: simulated host ioctls per wall second on each transport, and the wall time
 * and heap allocation of one 4000-range batch registration with 1 GiB, 256 MiB and 4 KiB ranges (page state is
 * kept as extents, so neither grows with the range size).
 */
public final class PerfBenchmark {

    /** One measured figure. */
    public record Figure(String name, double value, String unit, String note) {
    }

    private PerfBenchmark() {
    }

    /** Runs every measurement on {@code base} (its workload and profile) and returns the figures. */
    public static List<Figure> run(WorldSpec base) {
        List<Figure> out = new ArrayList<>();
        WorldSpec perRange = base.withScenario(Scenario.PER_RANGE);
        out.add(ioctlRate(perRange, Transport.DIRECT, null, 3, 7, 40));
        Vertx vertx = Vertx.vertx();
        try {
            out.add(ioctlRate(perRange, Transport.EVENTBUS, vertx, 1, 5, 10));
        } finally {
            vertx.close().await();
        }
        batchRegistration(4096, 20);
        // 4000 x 1 GiB is a 3.9 TiB BO: the kernel refuses it (-ENOSPC, DRM's mmap offset space is 1 TiB), so the
        // refusal is timed too, and the largest size that fits (256 MiB ranges) shows a successful registration
        for (long size : new long[]{1L << 30, 256L << 20, 4096}) out.addAll(batchRegistration(size, 50));
        return out;
    }

    /**
     * Simulated host ioctls (every command: ALLOC, MAP, UNMAP, FREE) per wall second: {@code warmUp} unmeasured runs
     * (so the JIT has compiled the hot path), then the median of {@code rounds} measured runs of {@code iterations}
     * iterations each, so one round slowed by another process on the machine does not move the figure. The direct
     * transport simulates on this thread, so its note also gives the rate per second of this thread's CPU time,
     * which other load does not change.
     */
    static Figure ioctlRate(WorldSpec spec, Transport transport, Vertx vertx, int warmUp, int rounds, int iterations) {
        WorldSpec s = spec.withIterations(iterations);
        for (int i = 0; i < warmUp; i++) countIoctls(s, transport, vertx);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        double[] wallRates = new double[rounds];
        double[] cpuRates = new double[rounds];
        long ioctls = 0;
        for (int r = 0; r < rounds; r++) {
            long cpu0 = threads.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            ioctls = countIoctls(s, transport, vertx);
            wallRates[r] = ioctls / ((System.nanoTime() - wall0) / 1e9);
            cpuRates[r] = ioctls / ((threads.getCurrentThreadCpuTime() - cpu0) / 1e9);
        }
        Arrays.sort(wallRates);
        Arrays.sort(cpuRates);
        String note = String.format(Locale.ROOT, "%s, %s; median of %d runs of %d iterations (%,d ioctls each), range %,.0f to %,.0f",
                s.scenario().key(), s.workload().name(), rounds, iterations, ioctls, wallRates[0], wallRates[rounds - 1]);
        if (transport == Transport.DIRECT) note += String.format(Locale.ROOT, "; %,.0f per CPU second", cpuRates[rounds / 2]);
        return new Figure("host ioctls per wall second, " + transport.key(), wallRates[rounds / 2], "ioctl/s", note);
    }

    /** Runs the world of {@code spec} to the end; returns how many host ioctls it issued. */
    private static long countIoctls(WorldSpec spec, Transport transport, Vertx vertx) {
        // atomic: on the event bus the hypervisor's thread counts
        AtomicLong ioctls = new AtomicLong();
        SimulationObserver counter = event -> {
            if (event instanceof SimulationEvent.HostIoctl) ioctls.incrementAndGet();
        };
        RunStatistics stats = Benchmark.runWorld(spec, transport, vertx, counter);
        if (stats.error() != null) throw new IllegalStateException("the measured run failed: " + stats.error());
        return ioctls.get();
    }

    /**
     * Registers and frees one batch of 4000 ranges of {@code rangeBytes} each (v2 ABI) {@code repetitions} times on a
     * host without the system-memory limit; reports the median wall time of the ALLOC_BATCH and the heap it allocated.
     */
    static List<Figure> batchRegistration(long rangeBytes, int repetitions) {
        int ranges = 4000;
        long gap = 4096;
        EventQueue clock = new EventQueue();
        KfdProcess kfd = new KfdProcess(KfdEnvironment.of(KfdEnvironment.DEFAULT_HOST_RAM, List.of(1), true), clock,
                TrapCostProfile::defaults);
        long base = 0x1000_0000_0000L;
        long span = ranges * (rangeBytes + gap);
        kfd.mm().mmap(base, span, PageSize.SMALL);
        List<UserptrRange> list = new ArrayList<>(ranges);
        for (int i = 0; i < ranges; i++) list.add(new UserptrRange(base + i * (rangeBytes + gap), rangeBytes));
        long rangesPtr = 0x10_0000L;
        SparseUserMemory user = new SparseUserMemory().placeRanges(rangesPtr, list);
        long[] wall = new long[repetitions];
        long[] heap = new long[repetitions];
        String outcome = "registered and freed again";
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int r = 0; r < repetitions; r++) {
            long heapBefore = threads.getCurrentThreadAllocatedBytes();
            long t0 = System.nanoTime();
            IoctlResult<AllocMemoryOfGpuBatchArgs> res = kfd.allocMemoryOfGpuBatch(AllocMemoryOfGpuBatchArgs.request(1,
                    0x1_0000_0000L, ranges * rangeBytes, rangesPtr, ranges, AllocFlags.LIBHSAKMT_USERPTR), user, new CostLedger());
            wall[r] = System.nanoTime() - t0;
            heap[r] = threads.getCurrentThreadAllocatedBytes() - heapBefore;
            if (res.ret() == 0) {
                kfd.freeMemoryOfGpu(new FreeMemoryOfGpuArgs(res.args().handle()), new CostLedger());
            } else {
                outcome = "refused with -" + Errno.byNumber(-res.ret()).map(Enum::name).orElse("?") + ", nothing left behind";
            }
        }
        Arrays.sort(wall);
        Arrays.sort(heap);
        String size = ByteSizes.format(rangeBytes);
        return List.of(
                new Figure("ALLOC_MEMORY_OF_GPU_BATCH of 4000 x " + size + " ranges, wall time", wall[repetitions / 2] / 1e6, "ms",
                        "median of " + repetitions + ", p90 " + String.format(Locale.ROOT, "%.3f", wall[repetitions * 9 / 10] / 1e6)
                                + " ms; " + outcome),
                new Figure("ALLOC_MEMORY_OF_GPU_BATCH of 4000 x " + size + " ranges, heap allocated", heap[repetitions / 2] / 1024.0, "KiB",
                        "median per call (ThreadMXBean)"));
    }

    /** The figures as a table. */
    public static String table(List<Figure> figures) {
        StringBuilder sb = new StringBuilder("scatterbatch bench --perf\n\n");
        for (Figure f : figures) {
            sb.append(String.format(Locale.ROOT, "%-62s %14s %-8s %s%n", f.name(),
                    String.format(Locale.ROOT, f.value() >= 1000 ? "%,.0f" : "%.3f", f.value()), f.unit(), f.note()));
        }
        return sb.toString();
    }
}
