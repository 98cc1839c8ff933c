package dev.scatterbatch.dashboards.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A real Prometheus server for a test: Debian's {@code prometheus} binary on a free loopback port, with a
 * TSDB in a directory of the test's, scraping one target every second. Close it (try-with-resources) to
 * stop the process by its PID.
 *
 * <pre>{@code
 * try (PrometheusServer prometheus = PrometheusServer.start(URI.create("http://127.0.0.1:9464/metrics"), tempDir)) {
 *     prometheus.awaitTargetUp(Duration.ofSeconds(30));
 *     List<String> empty = prometheus.queriesWithoutData(DashboardJson.committed(), Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class PrometheusServer implements AutoCloseable {

    /** The job name of the scraped target: the {@code job} label of every series. */
    public static final String JOB = "scatterbatch";
    /** How often the target is scraped. */
    public static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(1);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final URI baseUri;
    private final Path log;
    private final Thread killOnExit;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * One instant-query result.
     *
     * @param labels the series labels
     * @param value  its value ({@code NaN} and infinities as Prometheus sends them)
     */
    public record Sample(Map<String, String> labels, double value) {
    }

    /**
     * One range-query result.
     *
     * @param labels the series labels
     * @param times  the sample times
     * @param values the sample values, one per time
     */
    public record Series(Map<String, String> labels, List<Instant> times, List<Double> values) {
    }

    private PrometheusServer(Process process, URI baseUri, Path log) {
        this.process = process;
        this.baseUri = baseUri;
        this.log = log;
        this.killOnExit = new Thread(process::destroyForcibly, "stop prometheus " + process.pid());
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * Starts Prometheus scraping {@code target} (e.g. {@code http://127.0.0.1:9464/metrics}) every
     * {@link #SCRAPE_INTERVAL}, keeping its configuration, TSDB and log in {@code workDir}, and waits until
     * it is ready ({@code /-/ready}). The target may not have been scraped yet: see {@link #awaitTargetUp}.
     */
    public static PrometheusServer start(URI target, Path workDir) throws IOException {
        Path config = workDir.resolve("prometheus.yml");
        Files.writeString(config, config(target));
        Path log = workDir.resolve("prometheus.log");
        int port = freeLoopbackPort();
        Process process = new ProcessBuilder(PrometheusBinaries.prometheus().toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + workDir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusServer server = new PrometheusServer(process, URI.create("http://127.0.0.1:" + port), log);
        try {
            server.awaitReady();
            return server;
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    /** The configuration: one job, {@value #JOB}, scraping {@code target}. */
    static String config(URI target) {
        return """
                global:
                  scrape_interval: %1$ds
                  scrape_timeout: %1$ds
                  evaluation_interval: %1$ds
                scrape_configs:
                  - job_name: %2$s
                    scheme: %3$s
                    metrics_path: %4$s
                    static_configs:
                      - targets: ["%5$s"]
                """.formatted(SCRAPE_INTERVAL.toSeconds(), JOB, target.getScheme(), target.getPath(), target.getAuthority());
    }

    /** Where the server answers: {@code http://127.0.0.1:<port>}. */
    public URI baseUri() {
        return baseUri;
    }

    /** The server's process id. */
    public long pid() {
        return process.pid();
    }

    /**
     * Waits until the target has been scraped successfully ({@code health: up} in {@code /api/v1/targets}).
     * Prometheus batches discovery updates, so this takes about five seconds after start.
     */
    public void awaitTargetUp(Duration timeout) {
        JsonNode last = poll(timeout, () -> get("/api/v1/targets"), targets -> {
            for (JsonNode t : targets.path("data").path("activeTargets")) {
                if ("up".equals(t.path("health").asText())) return true;
            }
            return false;
        });
        if (last != null) return;
        throw new AssertionError("the scrape target was not up after " + timeout.toSeconds() + " s: "
                + get("/api/v1/targets").path("data").path("activeTargets") + logTail());
    }

    /** The instant query {@code promql} evaluated now. */
    public List<Sample> query(String promql) {
        return instant("/api/v1/query?query=" + encode(promql));
    }

    /** The instant query {@code promql} evaluated at {@code time}. */
    public List<Sample> query(String promql, Instant time) {
        return instant("/api/v1/query?query=" + encode(promql) + "&time=" + seconds(time));
    }

    /** The instant query {@code promql} at {@code time}, each series' value by its {@code label} (sorted). */
    public Map<String, Double> queryBy(String label, String promql, Instant time) {
        Map<String, Double> values = new TreeMap<>();
        for (Sample s : query(promql, time)) values.put(s.labels().get(label), s.value());
        return values;
    }

    private List<Sample> instant(String pathAndQuery) {
        JsonNode data = get(pathAndQuery).path("data");
        List<Sample> samples = new ArrayList<>();
        for (JsonNode r : data.path("result")) {
            samples.add(new Sample(labels(r.path("metric")), number(r.path("value").get(1))));
        }
        return samples;
    }

    /** The range query {@code promql} from {@code start} to {@code end} every {@code step}. */
    public List<Series> queryRange(String promql, Instant start, Instant end, Duration step) {
        JsonNode data = get("/api/v1/query_range?query=" + encode(promql) + "&start=" + seconds(start)
                + "&end=" + seconds(end) + "&step=" + step.toMillis() / 1000.0).path("data");
        List<Series> series = new ArrayList<>();
        for (JsonNode r : data.path("result")) {
            List<Instant> times = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (JsonNode point : r.path("values")) {
                times.add(Instant.ofEpochMilli(Math.round(point.get(0).asDouble() * 1000)));
                values.add(number(point.get(1)));
            }
            series.add(new Series(labels(r.path("metric")), List.copyOf(times), List.copyOf(values)));
        }
        return series;
    }

    /** The values of label {@code label} on the series selected by {@code match} (Grafana's {@code label_values}). */
    public List<String> labelValues(String label, String match) {
        List<String> values = new ArrayList<>();
        get("/api/v1/label/" + label + "/values?match[]=" + encode(match)).path("data").forEach(v -> values.add(v.asText()));
        return values;
    }

    /** Polls {@code promql} until it returns a series with a number (not NaN); the samples, or empty after {@code timeout}. */
    public List<Sample> awaitData(String promql, Duration timeout) {
        List<Sample> last = poll(timeout, () -> query(promql), PrometheusServer::hasNumber);
        return last == null ? List.of() : last;
    }

    /**
     * Polls every panel and annotation query of {@code dashboards} (variables at their "All" value) until
     * each returns a number, for at most {@code timeout} in all; names the queries that never did.
     */
    public List<String> queriesWithoutData(List<DashboardJson> dashboards, Duration timeout) {
        Map<String, String> pending = new LinkedHashMap<>();
        for (DashboardJson d : dashboards) {
            for (PanelQuery q : d.queries()) pending.put(q.where(), GrafanaMacros.expand(q.expr(), d.allValues()));
        }
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            pending.values().removeIf(promql -> hasNumber(query(promql)));
            if (pending.isEmpty() || Instant.now().isAfter(deadline)) break;
            sleep(POLL);
        }
        return pending.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList();
    }

    /** Stops Prometheus by its PID: SIGTERM, then SIGKILL if it has not exited within 10 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs anyway; nothing left to stop
        }
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("prometheus exited with code " + process.exitValue() + logTail());
            }
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(baseUri.resolve("/-/ready"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) return;
            } catch (IOException notListeningYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for prometheus", e);
            }
            sleep(POLL);
        }
        throw new AssertionError("prometheus was not ready after " + STARTUP_TIMEOUT.toSeconds() + " s" + logTail());
    }

    private JsonNode get(String pathAndQuery) {
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(baseUri + pathAndQuery))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("prometheus did not answer " + pathAndQuery + logTail(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while querying prometheus", e);
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("prometheus answered " + pathAndQuery + " with " + response.statusCode()
                    + " and no JSON: " + response.body());
        }
        if (!"success".equals(body.path("status").asText())) {
            throw new AssertionError("prometheus rejected " + pathAndQuery + ": " + body.path("errorType").asText()
                    + ": " + body.path("error").asText());
        }
        return body;
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return "\nprometheus log (" + log + "):\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "\n(no prometheus log at " + log + ")";
        }
    }

    private static <T> T poll(Duration timeout, Supplier<T> query, Predicate<T> done) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            T result = query.get();
            if (done.test(result)) return result;
            if (Instant.now().isAfter(deadline)) return null;
            sleep(POLL);
        }
    }

    private static boolean hasNumber(List<Sample> samples) {
        return samples.stream().anyMatch(s -> !Double.isNaN(s.value()));
    }

    private static Map<String, String> labels(JsonNode metric) {
        Map<String, String> labels = new LinkedHashMap<>();
        metric.properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    /** A sample value: Prometheus sends numbers as strings, {@code NaN}, {@code +Inf} and {@code -Inf} included. */
    private static double number(JsonNode value) {
        return switch (value.asText()) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(value.asText());
        };
    }

    private static String seconds(Instant t) {
        return String.valueOf(t.toEpochMilli() / 1000.0);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while polling prometheus", e);
        }
    }
}
