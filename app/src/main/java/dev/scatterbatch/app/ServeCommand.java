package dev.scatterbatch.app;

import dev.scatterbatch.app.run.Transport;
import dev.scatterbatch.app.run.WorldSpec;
import dev.scatterbatch.app.serve.LiveModel;
import dev.scatterbatch.host.http.ControlPlaneVerticle;
import dev.scatterbatch.host.http.ParamsApi;
import dev.scatterbatch.host.metrics.ProfileGauges;
import dev.scatterbatch.model.cost.ConfigException;
import dev.scatterbatch.model.scenario.Scenario;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;

/**
 * {@code scatterbatch serve}: runs guests continuously, paced to the wall clock, and serves {@code /metrics},
 * {@code /health} and {@code /api/params} until interrupted.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Runs the model continuously, paced to the wall clock, and serves /metrics (Prometheus),",
                "/health and /api/params (GET the profile, PUT a partial profile to tune it live)."})
public final class ServeCommand implements Callable<Integer> {

    /** Wall time between ticks: each tick advances every world by this times the speed. */
    static final long TICK_MS = 100;

    @Spec
    CommandSpec spec;

    @Mixin
    WorldOptions world;

    @Option(names = "--port", defaultValue = "9464", description = "HTTP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}); a non-loopback address requires --token or SCATTERBATCH_TOKEN for PUT.")
    String bind;

    @Option(names = "--token", description = "Bearer token PUT /api/params must present (default: SCATTERBATCH_TOKEN from the environment).")
    String token;

    @Option(names = "--speed", defaultValue = "1", description = "Virtual seconds per wall second (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--scenarios", defaultValue = "bare-metal,per-range,batch", description = "Scenarios to run side by side (default: ${DEFAULT-VALUE}).")
    String scenarios;

    @Option(names = "--transport", defaultValue = "direct", description = "direct or eventbus (default: ${DEFAULT-VALUE}).")
    String transport;

    @Option(names = "--duration", description = "Stop after this many wall seconds (default: run until interrupted).")
    Double durationSeconds;

    @Override
    public Integer call() throws Exception {
        if (!(speed > 0) || speed > 1000) throw new ConfigException("--speed must be above 0 and at most 1000, got " + speed);
        if (port < 0 || port > 65535) throw new ConfigException("--port must be 0 to 65535, got " + port);
        String bearer = token != null ? token : System.getenv("SCATTERBATCH_TOKEN");
        if (!isLoopback(bind) && (bearer == null || bearer.isBlank())) {
            throw new ConfigException("--bind " + bind + " is not a loopback address: give --token (or SCATTERBATCH_TOKEN) so PUT /api/params needs it");
        }
        List<Scenario> list = Scenario.parseList(scenarios);
        Transport t = Transport.parse(transport);
        WorldSpec base = world.spec(Scenario.BARE_METAL);
        PrintWriter out = spec.commandLine().getOut();

        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
                .withMetrics(new MicrometerMetricsFactory(registry)).build();
        LiveModel model = new LiveModel(base, list, t, registry, vertx, line -> log(out, line));
        ProfileGauges.register(registry, model::profile);
        ParamsApi params = new ParamsApi(model::profile, model);
        ControlPlaneVerticle http = new ControlPlaneVerticle(bind, port, registry, params, () -> health(model, list), isLoopback(bind) ? null : bearer);
        try {
            vertx.deployVerticle(http).await();
        } catch (RuntimeException e) {
            vertx.close().await();
            throw new IllegalStateException("cannot listen on " + bind + ":" + port + ": " + e.getMessage(), e);
        }
        log(out, "serving http://" + bind + ":" + http.actualPort() + "/metrics (also /health, /api/params); "
                + "scenarios " + scenarios + ", speed " + speed + "x; Ctrl-C stops");

        CountDownLatch stopped = new CountDownLatch(1);
        Thread loop = Thread.ofPlatform().name("serve-pacer").start(() -> pace(model, stopped));
        Thread hook = new Thread(() -> {
            loop.interrupt();
            try {
                stopped.await();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            vertx.close().await();
            log(out, "stopped at virtual time " + String.format("%.3f s", model.virtualNs() / 1e9));
        });
        Runtime.getRuntime().addShutdownHook(hook);
        if (durationSeconds != null) {
            Thread.sleep(Math.round(durationSeconds * 1000));
            Runtime.getRuntime().removeShutdownHook(hook);
            hook.run();
        } else {
            loop.join();
        }
        return 0;
    }

    /** Advances virtual time with the wall clock: after w wall seconds the worlds stand at w x speed. */
    private void pace(LiveModel model, CountDownLatch stopped) {
        long start = System.nanoTime();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                long wall = System.nanoTime() - start;
                model.advanceTo(Math.round(wall * speed));
                long next = TICK_MS * 1_000_000 - (System.nanoTime() - start - wall);
                if (next > 0) Thread.sleep(next / 1_000_000, (int) (next % 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            model.close();
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

    private static void log(PrintWriter out, String line) {
        out.println(Instant.now() + " " + line);
        out.flush();
    }

    static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new ConfigException("--bind " + address + " is not an address this host can resolve");
        }
    }
}
