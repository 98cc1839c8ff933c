package dev.scatterbatch.app.serve;

import dev.scatterbatch.app.run.Transport;
import dev.scatterbatch.app.run.WorldSpec;
import dev.scatterbatch.controlplane.http.ControlPlaneVerticle;
import dev.scatterbatch.controlplane.http.ParamsApi;
import dev.scatterbatch.controlplane.metrics.ProfileGauges;
import dev.scatterbatch.controlplane.http.TuningPage;
import dev.scatterbatch.model.scenario.Scenario;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * A running {@code serve}: the {@link LiveModel} of every scenario, paced to the wall clock on its own thread, and
 * the HTTP control plane (the tuning page at {@code /}, {@code /metrics}, {@code /health}, {@code /api/params}) on Vert.x. {@link #close()} stops
 * it: the pacer finishes its step, the worlds and the HTTP server are undeployed and the port is released.
 *
 * <pre>{@code
 * try (LiveServer server = LiveServer.start(settings, System.out::println)) {
 *     URI metrics = URI.create("http://127.0.0.1:" + server.port() + "/metrics");
 *     ...
 * }
 * }</pre>
 */
public final class LiveServer implements AutoCloseable {

    /** Wall time between steps when the model keeps up: each step advances every world by this times the speed. */
    public static final Duration TICK = Duration.ofMillis(100);
    /**
     * Largest step of virtual time. When the model cannot keep up with the speed it runs step after step; this
     * bounds how long a stop or a parameter change waits for the step in progress.
     */
    static final long MAX_STEP_NS = 1_000_000_000L;

    /**
     * Vert.x re-registers some of its gauges, and Micrometer warns the first time (vert-x3/vertx-micrometer-metrics#259,
     * harmless). Kept here, as the logger manager holds loggers weakly and would drop the filter.
     */
    private static final Logger METER_REGISTRY_LOG = Logger.getLogger("io.micrometer.core.instrument.MeterRegistry");

    static {
        METER_REGISTRY_LOG.setFilter(r -> r.getMessage() == null
                || !(r.getMessage().startsWith("This Gauge has been already registered") && r.getMessage().contains("name='vertx.")));
    }

    /**
     * What to serve.
     *
     * @param base        the world (its iterations are those of the bench run that fixes K; the live worlds never end)
     * @param scenarios   one world each, side by side
     * @param transport   {@code direct}: each world's parts call each other and the event bus carries the control
     *                    traffic (one request per world per step); {@code eventbus}: every request crosses the bus
     * @param speed       virtual seconds per wall second
     * @param bind        the address to listen on
     * @param port        the port, 0 for a free one
     * @param bearerToken the token {@code PUT /api/params} requires, or null for none
     */
    public record Settings(WorldSpec base, List<Scenario> scenarios, Transport transport, double speed, String bind,
                           int port, String bearerToken) {
    }

    private final Settings settings;
    private final Consumer<String> log;
    private final Vertx vertx;
    private final LiveModel model;
    private final ControlPlaneVerticle http;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile RuntimeException failure;

    private LiveServer(Settings settings, Consumer<String> log, Vertx vertx, LiveModel model, ControlPlaneVerticle http) {
        this.settings = settings;
        this.log = log;
        this.vertx = vertx;
        this.model = model;
        this.http = http;
    }

    /**
     * Builds the worlds, listens, and starts pacing; {@code log} hears the start, every applied change and the stop.
     *
     * @throws IllegalStateException if the port cannot be bound, naming the address and port
     */
    public static LiveServer start(Settings settings, Consumer<String> log) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(ControlPlaneVerticle.boundedHttpLabels());
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
                        // our addresses are a closed set (three kinds per world); replies are not labelled
                        .addLabels(Label.EB_ADDRESS)))
                .withMetrics(new MicrometerMetricsFactory(registry)).build();
        LiveModel model;
        ControlPlaneVerticle http;
        try {
            model = new LiveModel(settings.base(), settings.scenarios(), settings.transport(), registry, vertx, log);
            ProfileGauges.register(registry, model::profile);
            ParamsApi params = new ParamsApi(model::profile, model);
            http = new ControlPlaneVerticle(settings.bind(), settings.port(), registry, params,
                    () -> health(model, settings.scenarios()), new TuningPage(params, model::status), settings.bearerToken());
            try {
                vertx.deployVerticle(http).await();
            } catch (RuntimeException e) {
                model.close();
                throw e;
            }
        } catch (RuntimeException e) {
            vertx.close().await();
            throw e;
        }
        LiveServer server = new LiveServer(settings, log, vertx, model, http);
        Thread.ofPlatform().name("serve-pacer").start(server::pace);
        log.accept("serving " + server.url() + " (the tuning page; also /metrics, /health, /api/params); scenarios "
                + String.join(",", settings.scenarios().stream().map(Scenario::key).toList()) + ", transport "
                + settings.transport().key() + ", speed " + settings.speed() + "x; Ctrl-C stops");
        return server;
    }

    /** The URL of the tuning page: {@code http://127.0.0.1:9464/}, an IPv6 address in brackets. */
    public URI url() {
        return ControlPlaneVerticle.baseUrl(settings.bind(), port());
    }

    /** The port the HTTP server listens on. */
    public int port() {
        return http.actualPort();
    }

    /** The running model. */
    public LiveModel model() {
        return model;
    }

    /**
     * Waits until the server stops (closed, or the model failed) or {@code timeout} passes.
     *
     * @return whether it stopped
     * @throws IllegalStateException if the model failed
     */
    public boolean awaitStop(Duration timeout) throws InterruptedException {
        boolean done = stopped.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (failure != null) throw new IllegalStateException("the model stopped: " + failure.getMessage(), failure);
        return done;
    }

    /** Stops pacing, undeploys the worlds and the HTTP server; waits for all of it. Only the first call acts. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        stopRequested.countDown();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            model.close();
        } finally {
            vertx.close().await();
        }
        log.accept(String.format("stopped at virtual time %.3f s", model.virtualNs() / 1e9));
    }

    /**
     * Advances virtual time with the wall clock, so that after w wall seconds the worlds stand at w x speed. Steps
     * are at most one tick of virtual time (and {@link #MAX_STEP_NS}), so a stop or a change waits one step at most.
     */
    private void pace() {
        long start = System.nanoTime();
        long maxStep = Math.min(MAX_STEP_NS, Math.round(TICK.toNanos() * settings.speed()));
        try {
            while (stopRequested.getCount() > 0) {
                long target = Math.round((System.nanoTime() - start) * settings.speed());
                long now = model.virtualNs();
                if (target > now) model.advanceTo(Math.min(target, now + maxStep));
                if (model.virtualNs() >= target) stopRequested.await(TICK.toNanos(), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e;
            log.accept("the model stopped: " + e.getMessage());
        } finally {
            stopped.countDown();
        }
    }

    private static Map<String, Object> health(LiveModel model, List<Scenario> scenarios) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("status", "UP");
        h.put("virtualTimeSeconds", model.virtualNs() / 1e9);
        h.put("profile", model.profile().name());
        h.put("scenarios", scenarios.stream().map(Scenario::key).toList());
        return h;
    }
}
