package dev.scatterbatch.controlplane.metrics;

import dev.scatterbatch.host.hypervisor.SimulationEvent;
import dev.scatterbatch.host.hypervisor.SimulationObserver;
import dev.scatterbatch.host.hypervisor.VmExitReason;
import dev.scatterbatch.model.wire.RestoreOutcome;
import dev.scatterbatch.model.cost.Component;
import dev.scatterbatch.model.metrics.Metric;
import dev.scatterbatch.model.metrics.MetricNames;
import dev.scatterbatch.model.uapi.Errno;
import dev.scatterbatch.model.uapi.IoctlCommand;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Records one world's simulation as the metrics listed in docs/live.md, every simulated duration in simulated seconds,
 * tagged with the world's scenario. The score gauge is K over the mean of the iterations that ended in the last
 * {@link #SCORE_WINDOW_NS} of simulated time, so it follows a parameter change within a couple of simulated
 * seconds (or one iteration, where iterations are longer).
 */
public final class MetricsObserver implements SimulationObserver {

    /**
     * Simulated time the score gauge averages over: the iterations that ended within it, and at least the latest.
     * A window in time rather than a count of iterations settles as fast for a workload of 3 s iterations
     * (llm-7b) as for one of 50 ms (seed-opencl), where ten iterations took 30 s and 0.5 s.
     */
    static final long SCORE_WINDOW_NS = 2_000_000_000L;

    /** ioctl duration buckets: sub-microsecond to 100 ms (seconds). */
    static final Duration[] IOCTL_BUCKETS = durations(100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000,
            100_000, 250_000, 500_000, 1_000_000, 2_500_000, 5_000_000, 10_000_000, 25_000_000, 50_000_000, 100_000_000);
    /**
     * Ranges-per-buffer buckets: ten per decade (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8), every count up to 6, then
     * 64Ki. {@code histogram_quantile} interpolates linearly inside a bucket, so its error is up to the bucket's
     * width: at most 25 % of the value here, against 50 % with powers of two (or 60 % with 1-2-5 per decade,
     * which is coarser still). The bundled workloads' range counts (500 for seed-opencl, 4000 for scatter-4000)
     * are bucket edges, so their p99 lands within 1 % of the true value.
     */
    static final double[] RANGE_BUCKETS = {1, 2, 3, 4, 5, 6, 8,
            10, 12, 15, 20, 25, 30, 40, 50, 60, 80,
            100, 120, 150, 200, 250, 300, 400, 500, 600, 800,
            1_000, 1_200, 1_500, 2_000, 2_500, 3_000, 4_000, 5_000, 6_000, 8_000,
            10_000, 12_000, 15_000, 20_000, 25_000, 30_000, 40_000, 50_000, 60_000, 65_536};

    /** An ioctl's results: success, or one of the errnos. */
    private static final int RESULTS = Errno.values().length + 1;

    private final MeterRegistry registry;
    private final String scenario;
    private final double scoreConstant;
    private final Counter forwarded;
    private final Counter buffers;
    private final Counter evictions;
    private final Counter stall;
    private final DistributionSummary ranges;
    private final Map<Component, Counter> attribution = new EnumMap<>(Component.class);
    private final Map<String, Counter> exits = new ConcurrentHashMap<>();
    /**
     * Host ioctl counters by {@link #ioctlSlot}, made on first use: a per-range world reports thousands of ioctls per
     * request, so finding a counter must not build a key.
     */
    private final AtomicReferenceArray<Counter> ioctls = new AtomicReferenceArray<>(IoctlCommand.values().length * RESULTS);
    private final AtomicReferenceArray<Timer> ioctlTimers = new AtomicReferenceArray<>(IoctlCommand.values().length);
    private final Map<RestoreOutcome, Counter> restores = new ConcurrentHashMap<>();
    private final Deque<Iteration> recentIterations = new ArrayDeque<>();
    private long recentSumNs;
    private final long[] recentComponentNs = new long[Component.values().length];
    private boolean scoreRegistered;

    private record Iteration(long endNs, long durationNs, long[] componentNs) {
    }

    /**
     * The iterations that ended in the last {@link #SCORE_WINDOW_NS} of simulated time (at least the latest).
     *
     * @param score              K over their mean iteration time, as the score gauge reads
     * @param nsPerIteration     each component's mean simulated nanoseconds per iteration; they sum to the mean
     *                           iteration time
     */
    public record Recent(double score, Map<Component, Double> nsPerIteration) {
    }

    /**
     * Registers the world's meters.
     *
     * @param scoreConstant K in score x ns: the score gauge shows K / mean iteration time
     */
    public MetricsObserver(MeterRegistry registry, String scenario, double scoreConstant) {
        this.registry = registry;
        this.scenario = scenario;
        this.scoreConstant = scoreConstant;
        Tags tags = Tags.of(MetricNames.SCENARIO, scenario);
        forwarded = counter(MetricNames.FORWARDED_REQUESTS, tags);
        buffers = counter(MetricNames.BUFFERS_REGISTERED, tags);
        evictions = counter(MetricNames.USERPTR_EVICTIONS, tags);
        stall = counter(MetricNames.QUEUE_STALL, tags);
        ranges = DistributionSummary.builder(MetricNames.RANGES_PER_BUFFER.meterName())
                .description(MetricNames.RANGES_PER_BUFFER.description()).tags(tags)
                .serviceLevelObjectives(RANGE_BUCKETS).register(registry);
        for (Component c : Component.values()) {
            attribution.put(c, counter(MetricNames.TIME_ATTRIBUTION, tags.and(MetricNames.COMPONENT, c.key())));
        }
        // every value of a closed tag set from the start, so a dashboard shows 0 rather than no data
        for (VmExitReason r : VmExitReason.values()) exitCounter(r.key());
        for (RestoreOutcome r : RestoreOutcome.values()) restoreCounter(r);
    }

    @Override
    public void on(SimulationEvent event) {
        switch (event) {
            case SimulationEvent.ForwardedRequest f -> {
                forwarded.increment();
                exitCounter(f.reason().key()).increment();
            }
            case SimulationEvent.HostIoctl i -> onHostIoctl(i.guest(), i.cmd(), i.errno(), i.durationNs());
            case SimulationEvent.BufferRegistered b -> {
                buffers.increment();
                ranges.record(b.ranges());
            }
            case SimulationEvent.IterationCompleted it -> iterationCompleted(it);
            case SimulationEvent.UserptrEvicted e -> evictions.increment(e.count());
            case SimulationEvent.RestoreFinished r -> restoreCounter(r.result().outcome()).increment();
            case SimulationEvent.QueuesStalled q -> stall.increment(q.stallNs() / 1e9);
            case SimulationEvent.GuestFinished _, SimulationEvent.MeasurementEnded _ -> {
                // a live world never finishes, nor ends a measurement; nothing to record
            }
        }
    }

    @Override
    public void onHostIoctl(int guest, IoctlCommand cmd, Errno errno, long durationNs) {
        int slot = ioctlSlot(cmd, errno);
        Counter count = ioctls.get(slot);
        if (count == null) {
            // registering again returns the meter already registered, so two threads racing here share one counter
            count = counter(MetricNames.HOST_IOCTLS, Tags.of(MetricNames.SCENARIO, scenario, MetricNames.CMD, cmd.name(),
                    MetricNames.RESULT, errno == null ? "ok" : errno.name()));
            ioctls.set(slot, count);
        }
        count.increment();
        Timer timer = ioctlTimers.get(cmd.ordinal());
        if (timer == null) {
            timer = Timer.builder(MetricNames.IOCTL_DURATION.meterName())
                    .description(MetricNames.IOCTL_DURATION.description())
                    .tags(MetricNames.SCENARIO, scenario, MetricNames.CMD, cmd.name())
                    .serviceLevelObjectives(IOCTL_BUCKETS)
                    .minimumExpectedValue(IOCTL_BUCKETS[0]).maximumExpectedValue(IOCTL_BUCKETS[IOCTL_BUCKETS.length - 1])
                    .register(registry);
            ioctlTimers.set(cmd.ordinal(), timer);
        }
        timer.record(durationNs, TimeUnit.NANOSECONDS);
    }

    private static int ioctlSlot(IoctlCommand cmd, Errno errno) {
        return cmd.ordinal() * RESULTS + (errno == null ? 0 : errno.ordinal() + 1);
    }

    private void iterationCompleted(SimulationEvent.IterationCompleted it) {
        if (it.iteration() < 0) return;
        long endNs = it.endNs();
        long[] componentNs = new long[recentComponentNs.length];
        for (Component c : Component.values()) {
            attribution.get(c).increment(it.attribution().get(c) / 1e9);
            componentNs[c.ordinal()] = it.attribution().get(c);
        }
        synchronized (recentIterations) {
            recentIterations.addLast(new Iteration(endNs, endNs - it.startNs(), componentNs));
            recentSumNs += endNs - it.startNs();
            add(componentNs, 1);
            while (recentIterations.size() > 1 && recentIterations.peekFirst().endNs() <= endNs - SCORE_WINDOW_NS) {
                Iteration gone = recentIterations.removeFirst();
                recentSumNs -= gone.durationNs();
                add(gone.componentNs(), -1);
            }
            if (!scoreRegistered) {
                // absent until an iteration has ended, rather than NaN: a scrape before then has no score to show
                scoreRegistered = true;
                Gauge.builder(MetricNames.BENCHMARK_SCORE.meterName(), this, MetricsObserver::score)
                        .description(MetricNames.BENCHMARK_SCORE.description()).tags(MetricNames.SCENARIO, scenario).register(registry);
            }
        }
    }

    private void add(long[] componentNs, int sign) {
        for (int i = 0; i < componentNs.length; i++) recentComponentNs[i] += sign * componentNs[i];
    }

    /** The recent window (what the score gauge reads, and where its time goes), or empty before the first iteration. */
    public Optional<Recent> recent() {
        synchronized (recentIterations) {
            if (recentIterations.isEmpty()) return Optional.empty();
            Map<Component, Double> perIteration = new EnumMap<>(Component.class);
            for (Component c : Component.values()) {
                perIteration.put(c, (double) recentComponentNs[c.ordinal()] / recentIterations.size());
            }
            return Optional.of(new Recent(score(), perIteration));
        }
    }

    /** K over the mean of the recent iterations (only read once one has ended). */
    double score() {
        synchronized (recentIterations) {
            return scoreConstant / ((double) recentSumNs / recentIterations.size());
        }
    }

    private Counter restoreCounter(RestoreOutcome outcome) {
        return restores.computeIfAbsent(outcome, r -> counter(MetricNames.USERPTR_RESTORES,
                Tags.of(MetricNames.SCENARIO, scenario, MetricNames.RESULT, r.key())));
    }

    private Counter exitCounter(String reason) {
        return exits.computeIfAbsent(reason, r -> counter(MetricNames.VM_EXITS,
                Tags.of(MetricNames.SCENARIO, scenario, MetricNames.REASON, r)));
    }

    private Counter counter(Metric m, Tags tags) {
        return Counter.builder(m.meterName()).description(m.description()).baseUnit(m.baseUnit()).tags(tags).register(registry);
    }

    private static Duration[] durations(long... ns) {
        Duration[] out = new Duration[ns.length];
        for (int i = 0; i < ns.length; i++) out[i] = Duration.ofNanos(ns[i]);
        return out;
    }
}
