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
import dev.scatterbatch.model.uapi.IoctlCommand;
import dev.scatterbatch.model.uapi.IoctlResult;
import dev.scatterbatch.model.uapi.SparseUserMemory;
import dev.scatterbatch.model.uapi.UserptrRange;
import io.vertx.core.Vertx;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulator's own speed: simulated host ioctls per wall second on each transport and the heap the direct one
 * allocates per ioctl (docs/performance.md), and the wall time and heap allocation of one 4000-range batch
 * registration with 1 GiB, 256 MiB and 4 KiB ranges (page state is kept as extents, so neither grows with the
 * range size).
 */
public final class PerfBenchmark {

    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** One measured figure. */
    public record Figure(String name, double value, String unit, String note) {
    }

    /**
     * The simulated host ioctls per wall second of one transport: the median of the measured rounds and their spread,
     * and, for the direct transport (which simulates on the measuring thread), the median rate per CPU second and
     * the heap allocated per ioctl (NaN on the event bus, whose work runs on other threads): on the hot path, after the
     * world's set-up (its first {@value #SET_UP_ITERATIONS} iterations), and over the whole world.
     */
    public record IoctlRate(Transport transport, double median, double min, double max, double perCpuSecond,
                            double bytesPerIoctl, double bytesPerIoctlWithSetUp, int rounds, int iterations, long ioctlsPerRound) {
    }

    /** Everything {@code bench --perf} measures, from one run. */
    public record Result(WorldSpec spec, IoctlRate direct, IoctlRate eventbus, List<Figure> registrations) {

        /** The event bus's median rate as a percentage of the direct transport's. */
        public double eventbusPercentOfDirect() {
            return 100 * eventbus.median() / direct.median();
        }
    }

    /** Unmeasured rounds of each transport first: C2 takes about eight 40-iteration worlds to settle on the hot paths. */
    private static final int WARM_UP = 10;
    private static final int ROUNDS = 7;
    private static final int DIRECT_ITERATIONS = 40;
    private static final int EVENTBUS_ITERATIONS = 10;
    /**
     * Iterations that count as a world's set-up for the heap per ioctl on the hot path: in them the world's structures
     * grow to their working size (the lock calendars keep a virtual second of holds, about 8 per-range iterations;
     * the extent and interval trees reach their population) and are kept afterwards.
     */
    static final int SET_UP_ITERATIONS = 10;

    private PerfBenchmark() {
    }

    /** Runs every measurement on {@code base} (its workload and profile). */
    public static Result run(WorldSpec base) {
        WorldSpec perRange = base.withScenario(Scenario.PER_RANGE);
        Vertx vertx = Vertx.vertx();
        IoctlRate[] rates;
        try {
            rates = ioctlRates(perRange, vertx);
        } finally {
            vertx.close().await();
        }
        batchRegistration(4096, 20);
        List<Figure> registrations = new ArrayList<>();
        // 4000 x 1 GiB is a 3.9 TiB BO: the kernel refuses it (-ENOSPC, DRM's mmap offset space is 1 TiB), so the
        // refusal is timed too, and the largest size that fits (256 MiB ranges) shows a successful registration
        for (long size : new long[]{1L << 30, 256L << 20, 4096}) registrations.addAll(batchRegistration(size, 50));
        return new Result(perRange, rates[0], rates[1], registrations);
    }

    /**
     * Simulated host ioctls (every command: ALLOC, MAP, UNMAP, FREE) per wall second on the direct transport and on
     * the event bus: {@value #WARM_UP} unmeasured rounds of each (so the JIT has compiled the hot paths), then
     * {@value #ROUNDS} measured rounds of each, alternating, so a change of the machine's load hits both alike;
     * each figure is the median of its rounds, so one round slowed by another process does not move it.
     */
    static IoctlRate[] ioctlRates(WorldSpec spec, Vertx vertx) {
        WorldSpec direct = spec.withIterations(DIRECT_ITERATIONS);
        WorldSpec bus = spec.withIterations(EVENTBUS_ITERATIONS);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < WARM_UP; i++) {
            countDirect(direct, threads);
            countBusIoctls(bus, vertx);
        }
        double[] directRates = new double[ROUNDS];
        double[] cpuRates = new double[ROUNDS];
        double[] bytes = new double[ROUNDS];
        double[] bytesWithSetUp = new double[ROUNDS];
        double[] busRates = new double[ROUNDS];
        long directIoctls = 0;
        long busIoctls = 0;
        for (int r = 0; r < ROUNDS; r++) {
            long cpu0 = threads.getCurrentThreadCpuTime();
            long heap0 = threads.getCurrentThreadAllocatedBytes();
            long wall0 = System.nanoTime();
            DirectCount count = countDirect(direct, threads);
            directIoctls = count.ioctls();
            directRates[r] = directIoctls / ((System.nanoTime() - wall0) / 1e9);
            long heap1 = threads.getCurrentThreadAllocatedBytes();
            bytes[r] = count.bytesPerIoctlAfterSetUp(heap1);
            bytesWithSetUp[r] = (heap1 - heap0) / (double) directIoctls;
            cpuRates[r] = directIoctls / ((threads.getCurrentThreadCpuTime() - cpu0) / 1e9);
            long busWall0 = System.nanoTime();
            busIoctls = countBusIoctls(bus, vertx);
            busRates[r] = busIoctls / ((System.nanoTime() - busWall0) / 1e9);
        }
        return new IoctlRate[]{
                rate(Transport.DIRECT, directRates, median(cpuRates), median(bytes), median(bytesWithSetUp), DIRECT_ITERATIONS, directIoctls),
                rate(Transport.EVENTBUS, busRates, Double.NaN, Double.NaN, Double.NaN, EVENTBUS_ITERATIONS, busIoctls)};
    }

    private static IoctlRate rate(Transport t, double[] wallRates, double perCpuSecond, double bytesPerIoctl,
                                  double bytesWithSetUp, int iterations, long ioctls) {
        double[] sorted = wallRates.clone();
        Arrays.sort(sorted);
        return new IoctlRate(t, median(sorted), sorted[0], sorted[sorted.length - 1], perCpuSecond, bytesPerIoctl, bytesWithSetUp,
                sorted.length, iterations, ioctls);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /**
     * A direct world's host ioctls, and how many of them, and how many bytes the measuring thread had allocated, when
     * its first guest ended its set-up iterations.
     */
    record DirectCount(long ioctls, long setUpIoctls, long heapAfterSetUp) {
        /** The heap allocated per ioctl after the set-up, given the thread's allocation at the end of the world. */
        double bytesPerIoctlAfterSetUp(long heapAtEnd) {
            return (heapAtEnd - heapAfterSetUp) / (double) (ioctls - setUpIoctls);
        }
    }

    /**
     * Runs the world of {@code spec} on the direct transport, which simulates on this thread, noting the thread's
     * allocation when guest 0 ends iteration {@value #SET_UP_ITERATIONS}.
     */
    static DirectCount countDirect(WorldSpec spec, com.sun.management.ThreadMXBean threads) {
        if (spec.iterations() <= SET_UP_ITERATIONS) {
            throw new IllegalArgumentException("a world of " + spec.iterations() + " iterations has none after its "
                    + SET_UP_ITERATIONS + " set-up iterations");
        }
        long[] at = {0, 0, -1}; // ioctls, ioctls after set-up, heap after set-up
        SimulationObserver counter = new SimulationObserver() {
            @Override
            public void on(SimulationEvent event) {
                if (event instanceof SimulationEvent.IterationCompleted it && it.guest() == 0
                        && it.iteration() == SET_UP_ITERATIONS - 1) {
                    at[1] = at[0];
                    at[2] = threads.getCurrentThreadAllocatedBytes();
                }
            }

            @Override
            public void onHostIoctl(int guest, IoctlCommand cmd, Errno errno, long durationNs) {
                at[0]++;
            }
        };
        RunStatistics stats = Benchmark.runWorld(spec, Transport.DIRECT, null, counter);
        if (stats.error() != null) throw new IllegalStateException("the measured run failed: " + stats.error());
        if (at[2] < 0) throw new IllegalStateException("guest 0 never ended its set-up iterations");
        return new DirectCount(at[0], at[1], at[2]);
    }

    /** Runs the world of {@code spec} to the end on the event bus; returns how many host ioctls it issued. */
    private static long countBusIoctls(WorldSpec spec, Vertx vertx) {
        // atomic: on the event bus the hypervisor's thread counts
        AtomicLong ioctls = new AtomicLong();
        SimulationObserver counter = new SimulationObserver() {
            @Override
            public void on(SimulationEvent event) {
                if (event instanceof SimulationEvent.HostIoctl) ioctls.incrementAndGet();
            }

            @Override
            public void onHostIoctl(int guest, IoctlCommand cmd, Errno errno, long durationNs) {
                ioctls.incrementAndGet();
            }
        };
        RunStatistics stats = Benchmark.runWorld(spec, Transport.EVENTBUS, vertx, counter);
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

    /** The result as a table. */
    public static String table(Result result) {
        StringBuilder sb = new StringBuilder("scatterbatch bench --perf\n\n");
        List<Figure> figures = new ArrayList<>();
        IoctlRate d = result.direct();
        IoctlRate b = result.eventbus();
        String what = result.spec().scenario().key() + ", " + result.spec().workload().name();
        figures.add(new Figure("host ioctls per wall second, direct", d.median(), "ioctl/s", String.format(Locale.ROOT,
                "%s; median of %d runs of %d iterations (%,d ioctls each), range %,.0f to %,.0f; %,.0f per CPU second",
                what, d.rounds(), d.iterations(), d.ioctlsPerRound(), d.min(), d.max(), d.perCpuSecond())));
        figures.add(new Figure("heap allocated per host ioctl, direct", d.bytesPerIoctl(), "B/ioctl", String.format(Locale.ROOT,
                "median of the same runs (ThreadMXBean), after the first %d iterations; %.1f B/ioctl with them (world set-up included)",
                SET_UP_ITERATIONS, d.bytesPerIoctlWithSetUp())));
        figures.add(new Figure("host ioctls per wall second, eventbus", b.median(), "ioctl/s", String.format(Locale.ROOT,
                "%s; median of %d runs of %d iterations (%,d ioctls each), alternating with direct's, range %,.0f to %,.0f; %.1f%% of direct",
                what, b.rounds(), b.iterations(), b.ioctlsPerRound(), b.min(), b.max(), result.eventbusPercentOfDirect())));
        figures.addAll(result.registrations());
        for (Figure f : figures) {
            sb.append(String.format(Locale.ROOT, "%-62s %14s %-8s %s%n", f.name(),
                    String.format(Locale.ROOT, f.value() >= 1000 ? "%,.0f" : "%.3f", f.value()), f.unit(), f.note()));
        }
        return sb.toString();
    }

    /**
     * The result as JSON: {@code directIoctlsPerSecond} and {@code eventbusIoctlsPerSecond} (medians of the same
     * run), {@code directBytesPerIoctl} (on the hot path, after the world's set-up) and
     * {@code directBytesPerIoctlWithSetUp}, each rate's spread, and the batch registrations.
     */
    public static String json(Result result) {
        IoctlRate d = result.direct();
        IoctlRate b = result.eventbus();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scenario", result.spec().scenario().key());
        out.put("workload", result.spec().workload().name());
        out.put("directIoctlsPerSecond", Math.round(d.median()));
        out.put("directSpread", spread(d));
        out.put("directIoctlsPerCpuSecond", Math.round(d.perCpuSecond()));
        out.put("directBytesPerIoctl", Math.round(d.bytesPerIoctl() * 10) / 10.0);
        out.put("directBytesPerIoctlWithSetUp", Math.round(d.bytesPerIoctlWithSetUp() * 10) / 10.0);
        out.put("eventbusIoctlsPerSecond", Math.round(b.median()));
        out.put("eventbusSpread", spread(b));
        out.put("eventbusPercentOfDirect", Math.round(result.eventbusPercentOfDirect() * 10) / 10.0);
        List<Map<String, Object>> registrations = new ArrayList<>();
        for (Figure f : result.registrations()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", f.name());
            m.put("value", f.value());
            m.put("unit", f.unit());
            m.put("note", f.note());
            registrations.add(m);
        }
        out.put("batchRegistrations", registrations);
        try {
            return JSON.writeValueAsString(out) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the perf figures as JSON", e);
        }
    }

    private static Map<String, Object> spread(IoctlRate r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("min", Math.round(r.min()));
        m.put("max", Math.round(r.max()));
        m.put("rounds", r.rounds());
        m.put("iterationsPerRound", r.iterations());
        m.put("ioctlsPerRound", r.ioctlsPerRound());
        return m;
    }
}
