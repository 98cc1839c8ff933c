package dev.scatterbatch.controlplane.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.testing.RandomizedCheck;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded mutations of methods, paths, headers and PUT bodies against a running control plane with a token and
 * Vert.x's HTTP metrics on. After every request: a documented status, a JSON error list for every error, the
 * parameters unchanged unless a PUT was accepted; over the run: no file written, no stack trace logged, and the
 * metric labels bounded.
 */
class ControlPlaneFuzzTest {

    /** The statuses docs/live.md lists. */
    private static final Set<Integer> DOCUMENTED = Set.of(200, 400, 401, 404, 405, 413);
    private static final String TOKEN = "s3cret";
    private static final List<String> PATHS = List.of("/", "/metrics", "/health", "/api/params", "/api/params/definitions",
            "/api/live", "/tuning/tuning.js", "/api/params/", "/API/PARAMS", "/nope");
    private static final List<String> CONTENT_TYPES = List.of("application/json", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=b", "multipart/form-data", "text/plain; charset=latin1", "application/json; charset=utf-16",
            ";;;", "");
    private static final List<String> AUTHORIZATIONS = List.of("Bearer " + TOKEN, "bearer " + TOKEN, "BEARER   " + TOKEN,
            "Bearer", "Bearer wrong", "Basic czNjcmV0", "Bearer " + TOKEN + "x", "", "Bearer\t" + TOKEN);
    private static final List<String> BODIES = List.of("{\"kfdAllocFixed\": \"30us\"}", "{\"faultPerPage\": \"500ns\", \"kickPath\": \"vmm-exit\"}",
            "{\"maxMapCount\": 70000}", "{\"nestedMultiplier\": 2.5}", "{\"splitLocation\": \"guest\"}");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicReference<TrapCostProfile> profile = new AtomicReference<>(TrapCostProfile.defaults());
    private final List<LogRecord> stackTraces = new ArrayList<>();
    private final Handler logWatch = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getThrown() != null) synchronized (stackTraces) { stackTraces.add(r); }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Vertx vertx;
    private int port;

    @BeforeEach
    void start() {
        Logger.getLogger("").addHandler(logWatch);
        registry.config().meterFilter(ControlPlaneVerticle.boundedHttpLabels());
        vertx = Vertx.builder().with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
                .withMetrics(new MicrometerMetricsFactory(registry)).build();
        ParamsApi params = new ParamsApi(profile::get, (next, changed) -> {
            profile.set(next);
            return 0L;
        });
        ControlPlaneVerticle v = new ControlPlaneVerticle("127.0.0.1", 0, registry, params, () -> Map.of("status", "UP"),
                new TuningPage(params, () -> Map.of("virtualSeconds", 0)), TOKEN);
        vertx.deployVerticle(v).await();
        port = v.actualPort();
    }

    @AfterEach
    void stop() {
        Logger.getLogger("").removeHandler(logWatch);
        vertx.close().await();
    }

    @Test
    @Timeout(120)
    void mutatedRequestsGetDocumentedJsonAnswersAndChangeNothingUnlessAccepted() throws IOException {
        Set<Path> uploadsBefore = ControlPlaneVerticleTest.uploads();
        RandomizedCheck.forAll(300, random -> {
            HttpMethod method = method(random);
            String path = path(random);
            Map<String, String> headers = headers(random);
            byte[] body = body(random);
            String before = get("/api/params");

            PlainHttp.Reply r = send(method, path, headers, body);

            String what = method + " " + path + " " + headers + " body " + body.length + " bytes: " + r.status() + " "
                    + new String(r.body(), StandardCharsets.UTF_8);
            assertThat(DOCUMENTED).as(what).contains(r.status());
            if (r.status() >= 400) {
                assertThat(r.contentType()).as(what).startsWith("application/json");
                JsonNode errors = json(r.body()).get("errors");
                assertThat(errors).as(what).isNotNull();
                assertThat(errors.isArray() && !errors.isEmpty() && errors.get(0).isTextual()).as(what).isTrue();
            }
            boolean accepted = r.status() == 200 && method == HttpMethod.PUT && path.startsWith("/api/params");
            if (!accepted) assertThat(get("/api/params")).as(what).isEqualTo(before);
        });
        assertThat(ControlPlaneVerticleTest.uploads()).isEqualTo(uploadsBefore);
        synchronized (stackTraces) {
            assertThat(stackTraces).extracting(LogRecord::getMessage).isEmpty();
        }
        String scrape = get("/metrics");
        Set<String> methods = labelValues(scrape, "vertx_http_server", "method");
        assertThat(methods).isNotEmpty().isSubsetOf(union(ControlPlaneVerticle.LABELLED_METHODS, ControlPlaneVerticle.OTHER_METHOD));
        assertThat(labelValues(scrape, "vertx_http_server", "code")).allSatisfy(c -> assertThat(DOCUMENTED).contains(Integer.parseInt(c)));
        assertThat(scrape.lines().filter(l -> l.startsWith("vertx_http_server")).count())
                .as("series of the HTTP server metrics").isLessThan(400);
    }

    private static HttpMethod method(SplittableRandom random) {
        return switch (random.nextInt(4)) {
            case 0 -> HttpMethod.PUT;
            case 1 -> HttpMethod.GET;
            case 2 -> List.of(HttpMethod.POST, HttpMethod.DELETE, HttpMethod.PATCH, HttpMethod.OPTIONS, HttpMethod.TRACE)
                    .get(random.nextInt(5));
            default -> HttpMethod.valueOf(word(random, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", 1 + random.nextInt(12)));
        };
    }

    private static String path(SplittableRandom random) {
        String path = PATHS.get(random.nextInt(PATHS.size()));
        return switch (random.nextInt(6)) {
            case 0 -> path + word(random, "abc%0123456789zZ/.", random.nextInt(10));
            case 1 -> path + "?" + word(random, "a=b&%;", random.nextInt(20));
            case 2 -> path.replace("/", "//");
            case 3 -> "/.." + path;
            default -> path;
        };
    }

    private static Map<String, String> headers(SplittableRandom random) {
        Map<String, String> h = new HashMap<>();
        String type = CONTENT_TYPES.get(random.nextInt(CONTENT_TYPES.size()));
        if (!type.isEmpty()) h.put("Content-Type", type);
        String auth = AUTHORIZATIONS.get(random.nextInt(AUTHORIZATIONS.size()));
        if (!auth.isEmpty()) h.put("Authorization", auth);
        if (random.nextInt(5) == 0) h.put("Expect", "100-continue");
        if (random.nextInt(5) == 0) h.put("Accept", word(random, "abc/;=*, ", 12));
        return h;
    }

    /** A valid partial profile, or one mutated: truncated, retyped, huge, deeply nested, oversized, or not UTF-8. */
    private static byte[] body(SplittableRandom random) {
        String valid = BODIES.get(random.nextInt(BODIES.size()));
        String text = switch (random.nextInt(9)) {
            case 0 -> valid.substring(0, random.nextInt(valid.length()));
            case 1 -> valid.replaceFirst("\"[0-9.]+(us|ns)\"|[0-9.]+", random.nextBoolean() ? "1e309" : "[]");
            case 2 -> valid.replaceFirst(":", ": " + "[".repeat(5_000));
            case 3 -> "{\"kfdAllocFixed\": \"" + "9".repeat((int) ControlPlaneVerticle.BODY_LIMIT + random.nextInt(1000)) + "us\"}";
            case 4 -> valid.replace("}", ", \"x\": \"%zz&a=" + "%".repeat(random.nextInt(2000)) + "\"}");
            case 5 -> "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x\"\r\n\r\n" + valid + "\r\n--b--\r\n";
            case 6 -> "";
            default -> valid;
        };
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(8) == 0 && bytes.length > 0) bytes[random.nextInt(bytes.length)] = (byte) (0x80 + random.nextInt(0x80));
        return bytes;
    }

    private static String word(SplittableRandom random, String alphabet, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        return b.toString();
    }

    private PlainHttp.Reply send(HttpMethod method, String path, Map<String, String> headers, byte[] body) {
        return PlainHttp.exchange(port, method.name(), path, headers, body);
    }

    private String get(String path) {
        return new String(send(HttpMethod.GET, path, Map.of(), new byte[0]).body(), StandardCharsets.UTF_8);
    }

    private static JsonNode json(byte[] body) {
        try {
            return new ObjectMapper().readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + new String(body, StandardCharsets.UTF_8), e);
        }
    }

    private static Set<String> labelValues(String scrape, String metricPrefix, String label) {
        Pattern p = Pattern.compile("[,{]" + label + "=\"([^\"]*)\"");
        Set<String> values = new HashSet<>();
        scrape.lines().filter(l -> l.startsWith(metricPrefix)).forEach(l -> {
            Matcher m = p.matcher(l);
            if (m.find()) values.add(m.group(1));
        });
        return values;
    }

    private static Set<String> union(Set<String> a, String b) {
        Set<String> all = new HashSet<>(a);
        all.add(b);
        return all;
    }
}
