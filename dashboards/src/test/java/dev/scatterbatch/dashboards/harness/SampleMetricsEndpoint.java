package dev.scatterbatch.dashboards.harness;

import com.sun.net.httpserver.HttpServer;
import dev.scatterbatch.dashboards.VertxMetricNames;
import dev.scatterbatch.model.cost.Component;
import dev.scatterbatch.model.cost.Parameter;
import dev.scatterbatch.model.cost.ParameterKind;
import dev.scatterbatch.model.metrics.Metric;
import dev.scatterbatch.model.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A stand-in for {@code serve} that proves the harness: a Micrometer {@link PrometheusMeterRegistry} with
 * every metric of {@link MetricNames} (and the Vert.x event-bus metrics the dashboards read), served at
 * {@code /metrics} over a JDK {@link HttpServer} on a free loopback port. Each scrape first advances one
 * step of made-up but plausible activity (seeded, so every run is the same), so counters grow between
 * scrapes and their rates have exact ratios: per registered buffer, bare metal and batch issue 2 host
 * ioctls and per-range issues 2 per range.
 */
final class SampleMetricsEndpoint implements AutoCloseable {

    /** The scenarios the sample reports. */
    static final List<String> SCENARIOS = List.of("bare-metal", "per-range", "batch");
    static final int BUFFERS_PER_STEP = 4;
    /** The step at which the sample applies a profile change (kfdAllocFixed 20us to 30us). */
    static final int PARAMETER_CHANGE_STEP = 5;

    private static final String ALLOC = "ALLOC_MEMORY_OF_GPU";
    private static final String ALLOC_BATCH = "ALLOC_MEMORY_OF_GPU_BATCH";
    private static final String MAP = "MAP_MEMORY_TO_GPU";
    private static final String ADDRESS = "scatterbatch.hypervisor.request";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpServer server;
    private final Random random = new Random(42);
    private final AtomicInteger steps = new AtomicInteger();
    private final Map<String, Double> scores = new LinkedHashMap<>();
    private final Map<Parameter, Double> parameters = new EnumMap<>(Parameter.class);
    private volatile double virtualTimeSeconds;
    private volatile double pending;

    private SampleMetricsEndpoint() throws IOException {
        register();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = scrapeAfterStep().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** Starts serving on a free loopback port. */
    static SampleMetricsEndpoint start() throws IOException {
        return new SampleMetricsEndpoint();
    }

    /** The scrape URL: {@code http://127.0.0.1:<port>/metrics}. */
    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metrics");
    }

    /** Steps (scrapes) so far. */
    int steps() {
        return steps.get();
    }

    /** Advances one step and returns the scrape in the text format 0.0.4. */
    synchronized String scrapeAfterStep() {
        step(steps.incrementAndGet());
        return registry.scrape();
    }

    @Override
    public void close() {
        server.stop(0);
        registry.close();
    }

    private void register() {
        for (Parameter p : Parameter.values()) {
            if (!p.isNumeric()) continue;
            double value = p.asNumber(p.defaultValue());
            parameters.put(p, p.kind() == ParameterKind.DURATION ? value / 1e9 : value);
            gauge(MetricNames.PROFILE_PARAMETER, () -> parameters.get(p), MetricNames.NAME, p.key());
        }
        for (String scenario : SCENARIOS) {
            scores.put(scenario, 0.0);
            gauge(MetricNames.BENCHMARK_SCORE, () -> scores.get(scenario), MetricNames.SCENARIO, scenario);
        }
        gauge(MetricNames.VIRTUAL_TIME, () -> virtualTimeSeconds);
        counter(MetricNames.PARAMETER_CHANGES);
        gauge(VertxMetricNames.EVENTBUS_PENDING, () -> pending, "address", ADDRESS, "side", "local");
    }

    private void step(int step) {
        virtualTimeSeconds = step;
        if (step == PARAMETER_CHANGE_STEP) {
            parameters.put(Parameter.KFD_ALLOC_FIXED, 30e-6);
            counter(MetricNames.PARAMETER_CHANGES).increment();
        }
        for (String scenario : SCENARIOS) {
            boolean bareMetal = scenario.equals("bare-metal");
            boolean perRange = scenario.equals("per-range");
            // every buffer of a step has the same ranges, so per-range ioctls are exactly 2 per range
            int ranges = bareMetal ? 1 : 400 + random.nextInt(201);
            for (int b = 0; b < BUFFERS_PER_STEP; b++) {
                counter(MetricNames.BUFFERS_REGISTERED, MetricNames.SCENARIO, scenario).increment();
                summary(MetricNames.RANGES_PER_BUFFER, MetricNames.SCENARIO, scenario).record(ranges);
                // bare metal forwards nothing: its series stay at 0, as serve registers them up front
                int forwarded = bareMetal ? 0 : 2;
                counter(MetricNames.FORWARDED_REQUESTS, MetricNames.SCENARIO, scenario).increment(forwarded);
                counter(MetricNames.VM_EXITS, MetricNames.SCENARIO, scenario, MetricNames.REASON, "kick").increment(forwarded);
                int allocs = perRange ? ranges : 1;
                String allocCmd = scenario.equals("batch") ? ALLOC_BATCH : ALLOC;
                double allocSeconds = 20e-6 + (perRange ? 1 : ranges) * (0.5e-6 + 8 * 0.4e-6);
                for (int i = 0; i < allocs; i++) {
                    ioctl(scenario, allocCmd, allocSeconds * (0.9 + 0.2 * random.nextDouble()));
                    ioctl(scenario, MAP, 15e-6 * (0.9 + 0.2 * random.nextDouble()));
                }
            }
            scores.put(scenario, (bareMetal ? 200_000 : perRange ? 80_000 : 187_000) * (0.99 + 0.02 * random.nextDouble()));
            double compute = 0.047;
            double registration = bareMetal ? 0.0004 : perRange ? 0.075 : 0.005;
            charge(scenario, Component.COMPUTE, bareMetal ? compute : compute * 1.05);
            charge(scenario, Component.KFD_FIXED, registration * 0.5);
            charge(scenario, Component.GPU_MAP, registration * 0.3);
            charge(scenario, Component.PER_PAGE, registration * 0.15);
            charge(scenario, Component.TRANSPORT, bareMetal ? 0 : 0.00016);
            charge(scenario, Component.PER_RANGE, registration * 0.05);
            if (!bareMetal && step % 3 == 0) {
                counter(MetricNames.USERPTR_EVICTIONS, MetricNames.SCENARIO, scenario).increment();
                counter(MetricNames.USERPTR_RESTORES, MetricNames.SCENARIO, scenario, MetricNames.RESULT, "ok").increment();
                counter(MetricNames.QUEUE_STALL, MetricNames.SCENARIO, scenario).increment(0.0011);
                charge(scenario, Component.EVICTION_STALL, 0.0011);
            }
        }
        counter(VertxMetricNames.EVENTBUS_SENT, "address", ADDRESS, "side", "local").increment(40);
        counter(VertxMetricNames.EVENTBUS_PROCESSED, "address", ADDRESS, "side", "local").increment(40);
        counter(VertxMetricNames.EVENTBUS_DISCARDED, "address", ADDRESS, "side", "local").increment(step % 4 == 0 ? 1 : 0);
        counter(VertxMetricNames.EVENTBUS_REPLY_FAILURES, "address", ADDRESS, "failure", "TIMEOUT").increment(step % 5 == 0 ? 1 : 0);
        pending = random.nextInt(3);
    }

    private void ioctl(String scenario, String cmd, double seconds) {
        timer(MetricNames.IOCTL_DURATION, MetricNames.SCENARIO, scenario, MetricNames.CMD, cmd)
                .record(Duration.ofNanos(Math.round(seconds * 1e9)));
        counter(MetricNames.HOST_IOCTLS, MetricNames.SCENARIO, scenario, MetricNames.CMD, cmd, MetricNames.RESULT, "ok")
                .increment();
    }

    private void charge(String scenario, Component component, double seconds) {
        counter(MetricNames.TIME_ATTRIBUTION, MetricNames.SCENARIO, scenario, MetricNames.COMPONENT, component.key())
                .increment(seconds);
    }

    private Counter counter(Metric m, String... tags) {
        return Counter.builder(m.meterName()).baseUnit(m.baseUnit()).description(m.description()).tags(tags)
                .register(registry);
    }

    private void gauge(Metric m, Supplier<Number> value, String... tags) {
        Gauge.builder(m.meterName(), value).baseUnit(m.baseUnit()).description(m.description()).tags(tags)
                .register(registry);
    }

    /** Sub-microsecond to 100 ms buckets (listed in {@code MetricNames} and docs/live.md). */
    private Timer timer(Metric m, String... tags) {
        return Timer.builder(m.meterName()).description(m.description()).tags(tags)
                .serviceLevelObjectives(List.of(250, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000,
                        200_000, 500_000, 1_000_000, 2_000_000, 5_000_000, 10_000_000, 20_000_000, 50_000_000,
                        100_000_000).stream().map(Duration::ofNanos).toArray(Duration[]::new))
                .register(registry);
    }

    private DistributionSummary summary(Metric m, String... tags) {
        return DistributionSummary.builder(m.meterName()).baseUnit(m.baseUnit()).description(m.description()).tags(tags)
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192)
                .register(registry);
    }
}
