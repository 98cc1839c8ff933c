package dev.scatterbatch.controlplane.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Routes {@code serve}'s HTTP requests: {@code GET /metrics} (Prometheus text, or OpenMetrics when the
 * {@code Accept} header asks), {@code GET /health}, {@code GET|PUT /api/params}. Request bodies are limited in
 * size; when a bearer token is configured (binding to a non-loopback address), {@code PUT} requires it.
 */
public final class ControlPlaneVerticle extends VerticleBase {

    /** Largest accepted request body: a full profile is well under 4 KiB. */
    public static final long BODY_LIMIT = 64 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String bind;
    private final int port;
    private final PrometheusMeterRegistry registry;
    private final ParamsApi params;
    private final Supplier<Map<String, Object>> health;
    private final String bearerToken;
    private final ExpositionFormats formats = ExpositionFormats.init();
    private HttpServer server;

    /**
     * @param bearerToken the token {@code PUT} must present, or null to require none (loopback only)
     */
    public ControlPlaneVerticle(String bind, int port, PrometheusMeterRegistry registry, ParamsApi params,
                                Supplier<Map<String, Object>> health, String bearerToken) {
        this.bind = bind;
        this.port = port;
        this.registry = registry;
        this.params = params;
        this.health = health;
        this.bearerToken = bearerToken;
    }

    /** The port the server listens on (useful when started on port 0). */
    public int actualPort() {
        return server.actualPort();
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.get("/metrics").handler(this::metrics);
        router.get("/health").handler(ctx -> json(ctx, 200, health.get()));
        router.get("/api/params").handler(ctx -> respond(ctx, params.get()));
        router.put("/api/params").handler(BodyHandler.create().setBodyLimit(BODY_LIMIT)).handler(this::putParams);
        router.errorHandler(404, ctx -> json(ctx, 404, Map.of("error",
                "no such resource: " + ctx.request().method() + " " + ctx.request().path()
                        + " (try GET /metrics, GET /health, GET or PUT /api/params)")));
        router.errorHandler(405, ctx -> json(ctx, 405, Map.of("error",
                "method " + ctx.request().method() + " not allowed on " + ctx.request().path())));
        router.errorHandler(413, ctx -> json(ctx, 413, Map.of("error",
                "request body larger than " + BODY_LIMIT + " bytes")));
        return vertx.createHttpServer().requestHandler(router).listen(port, bind).onSuccess(s -> server = s);
    }

    private void metrics(RoutingContext ctx) {
        ExpositionFormatWriter writer = formats.findWriter(ctx.request().getHeader(HttpHeaders.ACCEPT));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writer.write(out, registry.getPrometheusRegistry().scrape());
        } catch (IOException e) {
            json(ctx, 500, Map.of("error", "scrape failed: " + e.getMessage()));
            return;
        }
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, writer.getContentType()).end(Buffer.buffer(out.toByteArray()));
    }

    private void putParams(RoutingContext ctx) {
        if (bearerToken != null && !authorized(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            json(ctx, 401, Map.of("error", "PUT /api/params needs the header 'Authorization: Bearer <token>' when serve binds a non-loopback address"));
            return;
        }
        // the body is parsed as JSON whatever Content-Type says (plain `curl -d` sends form encoding)
        respond(ctx, params.put(ctx.body().asString()));
    }

    private boolean authorized(String header) {
        if (header == null || !header.startsWith("Bearer ")) return false;
        // constant-time comparison, so the token cannot be guessed byte by byte from timings
        return MessageDigest.isEqual(header.substring(7).trim().getBytes(StandardCharsets.UTF_8),
                bearerToken.getBytes(StandardCharsets.UTF_8));
    }

    private static void respond(RoutingContext ctx, ParamsApi.Response r) {
        json(ctx, r.status(), r.body());
    }

    private static void json(RoutingContext ctx, int status, Object body) {
        try {
            ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body) + "\n");
        } catch (JsonProcessingException e) {
            ctx.response().setStatusCode(500).end();
        }
    }
}
