package dev.scatterbatch.controlplane.http;

import dev.scatterbatch.model.cost.Parameter;
import dev.scatterbatch.model.cost.TrapCostProfile;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(VertxExtension.class)
class ControlPlaneVerticleTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicReference<TrapCostProfile> submitted = new AtomicReference<>();
    private int port;

    private void deploy(Vertx vertx, String token) {
        deploy(vertx, token, ControlPlaneVerticle.IDLE_TIMEOUT);
    }

    private void deploy(Vertx vertx, String token, Duration idleTimeout) {
        Counter.builder("scatterbatch.demo").description("a demo counter").register(registry).increment();
        ParamsApi params = new ParamsApi(TrapCostProfile::defaults, (next, changed) -> {
            submitted.set(next);
            return 0L;
        });
        ControlPlaneVerticle v = new ControlPlaneVerticle("127.0.0.1", 0, registry, params, () -> Map.of("status", "UP"),
                new TuningPage(params, () -> Map.of("virtualSeconds", 0)), token, idleTimeout);
        vertx.deployVerticle(v).await();
        port = v.actualPort();
    }

    @BeforeEach
    void start(Vertx vertx) {
        deploy(vertx, null);
    }

    private record Reply(int status, String contentType, String body) {
    }

    private Reply send(HttpMethod method, String path, String body, Map<String, String> headers) {
        PlainHttp.Reply r = PlainHttp.exchange(port, method.name(), path, headers,
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
        return new Reply(r.status(), r.contentType(), r.text());
    }

    @Test
    void metricsAreTextByDefaultAndOpenMetricsWhenAsked() {
        Reply text = send(HttpMethod.GET, "/metrics", null, Map.of());
        assertThat(text.status()).isEqualTo(200);
        assertThat(text.contentType()).startsWith("text/plain; version=0.0.4");
        assertThat(text.body()).contains("# HELP scatterbatch_demo_total a demo counter").contains("scatterbatch_demo_total 1.0");
        Reply om = send(HttpMethod.GET, "/metrics", null,
                Map.of("Accept", "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5"));
        assertThat(om.contentType()).startsWith("application/openmetrics-text");
        assertThat(om.body()).endsWith("# EOF\n");
    }

    @Test
    void healthAndParamsAnswerJson() {
        assertThat(send(HttpMethod.GET, "/health", null, Map.of()).body()).contains("\"status\" : \"UP\"");
        Reply params = send(HttpMethod.GET, "/api/params", null, Map.of());
        assertThat(params.status()).isEqualTo(200);
        assertThat(params.body()).contains("\"kfdAllocFixed\" : \"14us\"");
    }

    @Test
    void putOfAValidChangeIsAcceptedAndABadOneGets400WithReasons() {
        Reply ok = send(HttpMethod.PUT, "/api/params", "{\"kfdAllocFixed\": \"40us\"}", Map.of("Content-Type", "application/json"));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(submitted.get().kfdAllocFixedNs()).isEqualTo(40_000);
        submitted.set(null);
        Reply bad = send(HttpMethod.PUT, "/api/params", "{\"kfdAllocFixed\": 40}", Map.of("Content-Type", "application/json"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("kfdAllocFixed must be a duration");
        assertThat(submitted.get()).isNull();
    }

    @Test
    void oversizedBodyIsRefusedWith413() {
        String huge = "{\"kfdAllocFixed\": \"" + "9".repeat((int) ControlPlaneVerticle.BODY_LIMIT) + "us\"}";
        Reply r = send(HttpMethod.PUT, "/api/params", huge, Map.of("Content-Type", "application/json"));
        assertThat(r.status()).isEqualTo(413);
        assertThat(submitted.get()).isNull();
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405() {
        assertThat(send(HttpMethod.GET, "/nope", null, Map.of()).status()).isEqualTo(404);
        assertThat(send(HttpMethod.DELETE, "/api/params", null, Map.of()).status()).isEqualTo(405);
    }

    @Test
    void withATokenPutNeedsTheBearer(Vertx vertx) {
        deploy(vertx, "s3cret");
        Reply none = send(HttpMethod.PUT, "/api/params", "{\"faultPerPage\": \"1us\"}", Map.of("Content-Type", "application/json"));
        assertThat(none.status()).isEqualTo(401);
        Reply wrong = send(HttpMethod.PUT, "/api/params", "{\"faultPerPage\": \"1us\"}",
                Map.of("Content-Type", "application/json", "Authorization", "Bearer nope"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(submitted.get()).isNull();
        Reply right = send(HttpMethod.PUT, "/api/params", "{\"faultPerPage\": \"1us\"}",
                Map.of("Content-Type", "application/json", "Authorization", "Bearer s3cret"));
        assertThat(right.status()).isEqualTo(200);
        assertThat(submitted.get().faultPerPageNs()).isEqualTo(1_000);
    }

    @Test
    void aPutBodyIsJsonWhateverItsContentTypeSaysAndErrorsAreTheJsonList() throws IOException {
        Reply form = send(HttpMethod.PUT, "/api/params", "{\"kfdAllocFixed\": \"40us\"}",
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertThat(form.status()).as(form.body()).isEqualTo(200);
        assertThat(submitted.get().kfdAllocFixedNs()).isEqualTo(40_000);
        submitted.set(null);

        // a '%' and more than 1 KiB: what a form decoder chokes on
        String padded = "{\"kfdAllocFixed\": \"50%\", \"faultPerPage\": \"" + " ".repeat(2000) + "1us\"}";
        Reply percent = send(HttpMethod.PUT, "/api/params", padded, Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertThat(percent.status()).isEqualTo(400);
        assertThat(errors(percent)).anySatisfy(e -> assertThat(e).contains("kfdAllocFixed"));
        assertThat(submitted.get()).isNull();
    }

    @Test
    void aMultipartBodyIsNeverWrittenToDisk() throws IOException {
        Set<Path> before = uploads();
        String multipart = "--xyz\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n" + "A".repeat(10_000) + "\r\n--xyz--\r\n";
        Reply r = send(HttpMethod.PUT, "/api/params", multipart, Map.of("Content-Type", "multipart/form-data; boundary=xyz"));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(uploads()).isEqualTo(before);
        assertThat(submitted.get()).isNull();
    }

    @Test
    void aChunkedBodyOverTheLimitGets413() throws IOException {
        String chunk = Integer.toHexString(8192) + "\r\n" + "9".repeat(8192) + "\r\n";
        String chunked = chunk.repeat((int) (2 * ControlPlaneVerticle.BODY_LIMIT / 8192)) + "0\r\n\r\n";
        PlainHttp.Reply raw = PlainHttp.exchange(port, "PUT", "/api/params", Map.of("Transfer-Encoding", "chunked"),
                chunked.getBytes(StandardCharsets.US_ASCII));
        Reply r = new Reply(raw.status(), raw.contentType(), raw.text());

        assertThat(r.status()).isEqualTo(413);
        assertThat(errors(r)).singleElement().asString().contains("larger than 65536 bytes");
        assertThat(submitted.get()).isNull();
    }

    @Test
    void aDeclaredLengthOverTheLimitGets413BeforeTheBodyIsSent() throws IOException {
        assertThat(rawStatusLine("PUT /api/params HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n"))
                .startsWith("HTTP/1.1 413");
    }

    @Test
    void withATokenAPutWithoutItIsRefusedBeforeItsBodyIsRead(Vertx vertx) throws IOException {
        deploy(vertx, "s3cret");
        // the body never comes: an answer proves it was not waited for
        assertThat(rawStatusLine("PUT /api/params HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                + "Content-Length: 60000\r\n\r\n")).startsWith("HTTP/1.1 401");
    }

    @Test
    void theBearerSchemeIsCaseInsensitive(Vertx vertx) {
        deploy(vertx, "s3cret");
        for (String scheme : List.of("bearer", "BEARER", "BeArEr")) {
            submitted.set(null);
            Reply r = send(HttpMethod.PUT, "/api/params", "{\"faultPerPage\": \"1us\"}", Map.of("Authorization", scheme + " s3cret"));
            assertThat(r.status()).as(scheme).isEqualTo(200);
            assertThat(submitted.get()).isNotNull();
        }
    }

    @Test
    void everyErrorAnswerIsTheJsonErrorList() throws IOException {
        for (Reply r : List.of(send(HttpMethod.GET, "/nope", null, Map.of()), send(HttpMethod.DELETE, "/api/params", null, Map.of()),
                send(HttpMethod.PUT, "/api/params", "[]", Map.of()), send(HttpMethod.PUT, "/api/params", "\u00ff", Map.of()))) {
            assertThat(r.contentType()).startsWith("application/json");
            assertThat(errors(r)).isNotEmpty();
        }
    }

    @Test
    void anIdleConnectionIsClosed(Vertx vertx) throws IOException {
        deploy(vertx, null, Duration.ofMillis(500));
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            assertThat(socket.getInputStream().read()).as("end of stream: the server closed the connection").isEqualTo(-1);
        }
    }

    @Test
    void aBindFailureNamesTheAddressAndPort(Vertx vertx) {
        ControlPlaneVerticle v = new ControlPlaneVerticle("10.255.255.1", 9464, registry, new ParamsApi(TrapCostProfile::defaults, (n, c) -> 0L),
                Map::of, new TuningPage(new ParamsApi(TrapCostProfile::defaults, (n, c) -> 0L), Map::of), null);

        assertThatThrownBy(() -> vertx.deployVerticle(v).await())
                .hasMessage("cannot bind 10.255.255.1:9464: Cannot assign requested address");
    }

    @Test
    void anIpv6UrlHasBrackets() {
        assertThat(ControlPlaneVerticle.baseUrl("::1", 9464)).hasToString("http://[::1]:9464/");
        assertThat(ControlPlaneVerticle.baseUrl("127.0.0.1", 9464)).hasToString("http://127.0.0.1:9464/");
    }

    @Test
    void definitionsDescribeEveryParameterWithItsKindRangeAndChoices() throws IOException {
        JsonNode defs = new ObjectMapper().readTree(send(HttpMethod.GET, "/api/params/definitions", null, Map.of()).body());

        assertThat(defs.get("tokenRequired").asBoolean()).isFalse();
        assertThat(defs.get("parameters")).hasSize(Parameter.values().length);
        JsonNode kfd = defs.get("parameters").findParents("name").stream().filter(p -> p.get("name").asText().equals("kfdAllocFixed"))
                .findFirst().orElseThrow();
        assertThat(kfd.get("kind").asText()).isEqualTo("duration");
        assertThat(List.of(kfd.get("min").asText(), kfd.get("max").asText(), kfd.get("profile").asText())).containsExactly("0ns", "100ms", "14us");
        JsonNode split = defs.get("parameters").findParents("name").stream().filter(p -> p.get("name").asText().equals("splitLocation"))
                .findFirst().orElseThrow();
        assertThat(split.get("choices")).hasSize(2);
    }

    private static List<String> errors(Reply r) throws IOException {
        JsonNode errors = new ObjectMapper().readTree(r.body()).get("errors");
        assertThat(errors).as(r.body()).isNotNull();
        List<String> out = new ArrayList<>();
        errors.forEach(e -> out.add(e.asText()));
        return out;
    }

    /** Sends {@code head} as is on a new connection and returns the status line of the answer. */
    private String rawStatusLine(String head) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }

    /** What Vert.x's BodyHandler writes uploads to by default, relative to the working directory. */
    static Set<Path> uploads() throws IOException {
        Path dir = Path.of("file-uploads");
        if (!Files.isDirectory(dir)) return Set.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.collect(Collectors.toSet());
        }
    }
}
