package dev.scatterbatch.controlplane.http;

import dev.scatterbatch.model.cost.TrapCostProfile;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class ControlPlaneVerticleTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicReference<TrapCostProfile> submitted = new AtomicReference<>();
    private HttpClient client;
    private int port;

    private void deploy(Vertx vertx, String token) {
        Counter.builder("scatterbatch.demo").description("a demo counter").register(registry).increment();
        ParamsApi params = new ParamsApi(TrapCostProfile::defaults, (next, changed) -> {
            submitted.set(next);
            return 0L;
        });
        ControlPlaneVerticle v = new ControlPlaneVerticle("127.0.0.1", 0, registry, params, () -> Map.of("status", "UP"), token);
        vertx.deployVerticle(v).await();
        port = v.actualPort();
        client = vertx.createHttpClient();
    }

    @BeforeEach
    void start(Vertx vertx) {
        deploy(vertx, null);
    }

    @AfterEach
    void stop() {
        client.close().await();
    }

    private record Reply(int status, String contentType, String body) {
    }

    private Reply send(HttpMethod method, String path, String body, Map<String, String> headers) {
        RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(path);
        headers.forEach(options::addHeader);
        return client.request(options)
                .compose(req -> body == null ? req.send() : req.send(Buffer.buffer(body)))
                .compose(response -> response.body().map(b -> new Reply(response.statusCode(),
                        response.getHeader("Content-Type"), b.toString())))
                .await();
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
        client.close().await();
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
}
