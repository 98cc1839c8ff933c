package dev.scatterbatch.controlplane.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Routes {@code serve}'s HTTP requests: {@code GET /metrics} (Prometheus text, or OpenMetrics when the
 * {@code Accept} header asks), {@code GET /health}, {@code GET|PUT /api/params}, and the {@link TuningPage} at
 * {@code /}. When a bearer token is configured, {@code PUT} requires it, checked before the body is read. A body
 * is never written to disk: it is read into memory up to {@link #BODY_LIMIT} and parsed as JSON whatever its
 * {@code Content-Type}. Every error answer is {@code {"errors": [sentences]}}; only a fault of the server itself
 * (500) is logged with its stack trace.
 */
public final class ControlPlaneVerticle extends VerticleBase {

    /** Largest accepted request body: a full profile is well under 4 KiB. */
    public static final long BODY_LIMIT = 64 * 1024;
    /** A connection that sends nothing for this long is closed, so idle or stalled clients cannot pile up. */
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** Bytes of a refused body read and dropped before the connection is closed anyway. */
    static final long DRAIN_LIMIT = 16 * BODY_LIMIT;
    /** The HTTP methods the metrics label by name; any other method is counted as {@link #OTHER_METHOD}. */
    public static final Set<String> LABELLED_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH",
            "TRACE", "CONNECT");
    /** The {@code method} label value of every method outside {@link #LABELLED_METHODS}. */
    public static final String OTHER_METHOD = "other";
    /** The tag Vert.x's HTTP server metrics put the request method in. */
    private static final String METHOD_TAG = "method";

    private static final Logger LOG = Logger.getLogger(ControlPlaneVerticle.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROUTES = "GET /, GET /metrics, GET /health, GET or PUT /api/params, GET /api/params/definitions, GET /api/live";

    private final String bind;
    private final int port;
    private final PrometheusMeterRegistry registry;
    private final ParamsApi params;
    private final Supplier<Map<String, Object>> health;
    private final TuningPage page;
    private final String bearerToken;
    private final Duration idleTimeout;
    private final ExpositionFormats formats = ExpositionFormats.init();
    private HttpServer server;

    /**
     * @param page        the tuning page at {@code /} and the JSON it reads
     * @param bearerToken the token {@code PUT} must present, or null to require none
     */
    public ControlPlaneVerticle(String bind, int port, PrometheusMeterRegistry registry, ParamsApi params,
                                Supplier<Map<String, Object>> health, TuningPage page, String bearerToken) {
        this(bind, port, registry, params, health, page, bearerToken, IDLE_TIMEOUT);
    }

    ControlPlaneVerticle(String bind, int port, PrometheusMeterRegistry registry, ParamsApi params,
                         Supplier<Map<String, Object>> health, TuningPage page, String bearerToken, Duration idleTimeout) {
        this.bind = bind;
        this.port = port;
        this.registry = registry;
        this.params = params;
        this.health = health;
        this.page = page;
        this.bearerToken = bearerToken;
        this.idleTimeout = idleTimeout;
    }

    /**
     * Bounds the {@code method} label of Vert.x's HTTP metrics: a made-up method is counted as {@link #OTHER_METHOD},
     * so no client can add series. Add it to the registry before Vert.x registers its meters. Routes are not labelled
     * (Vert.x's default labels), so unmatched paths add no series either.
     */
    public static MeterFilter boundedHttpLabels() {
        return MeterFilter.replaceTagValues(METHOD_TAG, m -> LABELLED_METHODS.contains(m) ? m : OTHER_METHOD);
    }

    /** The base URL of a server at {@code host:port}: an IPv6 address in brackets, as URLs write it (RFC 3986). */
    public static URI baseUrl(String host, int port) {
        return URI.create("http://" + authority(host, port) + "/");
    }

    private static String authority(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The port the server listens on (useful when started on port 0). */
    public int actualPort() {
        return server.actualPort();
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.route().handler(ctx -> {
            ctx.addHeadersEndHandler(v -> closeIfBodyUnread(ctx));
            ctx.next();
        });
        router.get("/metrics").handler(this::metrics);
        router.get("/health").handler(ctx -> json(ctx, 200, health.get()));
        router.get("/api/params").handler(ctx -> respond(ctx, params.get()));
        router.put("/api/params").handler(this::authorize).handler(this::readBody);
        page.mount(router, bearerToken != null);
        router.errorHandler(404, ctx -> errors(ctx, 404, "no such resource: " + ctx.request().method() + " " + ctx.request().path()
                + " (try " + ROUTES + ")"));
        router.errorHandler(405, ctx -> errors(ctx, 405, "method " + ctx.request().method() + " not allowed on "
                + ctx.request().path() + " (try " + ROUTES + ")"));
        router.errorHandler(400, ctx -> errors(ctx, 400, "bad request: " + reason(ctx)));
        router.errorHandler(500, this::serverFault);
        // HTTP/1.1 only: a control plane gains nothing from h2c, and one protocol is one set of limits to reason about
        HttpServerOptions options = new HttpServerOptions().setHost(bind).setPort(port).setHttp2ClearTextEnabled(false)
                .setIdleTimeout((int) idleTimeout.toMillis()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
        return vertx.createHttpServer(options).requestHandler(router).listen()
                .recover(e -> Future.failedFuture(new IllegalStateException(
                        "cannot bind " + authority(bind, port) + ": " + e.getMessage(), e)))
                .onSuccess(s -> server = s);
    }

    private void metrics(RoutingContext ctx) {
        ExpositionFormatWriter writer = formats.findWriter(ctx.request().getHeader(HttpHeaders.ACCEPT));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writer.write(out, registry.getPrometheusRegistry().scrape());
        } catch (IOException e) {
            ctx.fail(500, e);
            return;
        }
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, writer.getContentType()).end(Buffer.buffer(out.toByteArray()));
    }

    /** Answers 401 before a byte of the body is read when the bearer token is missing or wrong. */
    private void authorize(RoutingContext ctx) {
        if (bearerToken == null || authorized(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))) {
            ctx.next();
            return;
        }
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        errors(ctx, 401, ctx.request().method() + " " + ctx.request().path()
                + " needs the header 'Authorization: Bearer <token>': serve was started with a token");
    }

    /**
     * Reads the body into memory, at most {@link #BODY_LIMIT} bytes (413 beyond, whether the length is declared or
     * the body is chunked), then hands it to {@link ParamsApi#put} as JSON. Vert.x's BodyHandler is not used: it
     * decodes form and multipart bodies by their Content-Type (writing uploads to disk), where a PUT here is JSON.
     */
    private void readBody(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && tooLong(declared)) {
            errors(ctx, 413, tooLarge());
            return;
        }
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) request.response().writeContinue();
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (ctx.response().ended()) return;
            if (body.length() + chunk.length() > BODY_LIMIT) {
                errors(ctx, 413, tooLarge());
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.exceptionHandler(e -> {
            // the connection broke mid-body: nobody is left to answer, and nothing was applied
        });
        request.endHandler(v -> {
            if (ctx.response().ended()) return;
            try {
                String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body.getBytes())).toString();
                respond(ctx, params.put(text));
            } catch (CharacterCodingException e) {
                errors(ctx, 400, "request body is not UTF-8 text: JSON is sent as UTF-8 (RFC 8259)");
            }
        });
        request.resume();
    }

    private static boolean tooLong(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > BODY_LIMIT;
        } catch (NumberFormatException e) {
            return true; // a length we cannot read is no length we accept
        }
    }

    private static String tooLarge() {
        return "request body larger than " + BODY_LIMIT + " bytes (a whole profile is under 4 KiB)";
    }

    /**
     * Ends the connection of a request answered before its body was read (refused, or a route that reads none).
     * The rest of the body is drained first, up to {@link #DRAIN_LIMIT}, and dropped: left unread it would block
     * the connection, and a socket closed with unread data is reset, losing the answer with it.
     */
    private static void closeIfBodyUnread(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        boolean declaresBody = request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null || length != null && !length.trim().equals("0");
        if (!declaresBody || request.isEnded()) return;
        ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        long[] drained = {0};
        request.handler(chunk -> {
            drained[0] += chunk.length();
            if (drained[0] > DRAIN_LIMIT) request.connection().close();
        });
        request.endHandler(v -> request.connection().close());
        request.resume();
    }

    private boolean authorized(String header) {
        // RFC 9110 11.1: the scheme is case-insensitive, and one or more spaces separate it from the token
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) return false;
        // constant-time comparison, so the token cannot be guessed byte by byte from timings
        return MessageDigest.isEqual(header.substring(7).trim().getBytes(StandardCharsets.UTF_8),
                bearerToken.getBytes(StandardCharsets.UTF_8));
    }

    private static String reason(RoutingContext ctx) {
        return ctx.failure() != null && ctx.failure().getMessage() != null ? ctx.failure().getMessage()
                : "the request line or a header cannot be read";
    }

    /** A fault of the server, not of the request: the one case that is logged with its stack trace. */
    private void serverFault(RoutingContext ctx) {
        LOG.log(Level.SEVERE, "HTTP " + ctx.request().method() + " " + ctx.request().path() + " failed", ctx.failure());
        errors(ctx, 500, "internal error: " + reason(ctx) + " (serve's log has the details)");
    }

    private static void respond(RoutingContext ctx, ParamsApi.Response r) {
        json(ctx, r.status(), r.body());
    }

    private static Future<Void> errors(RoutingContext ctx, int status, String... errors) {
        return json(ctx, status, Map.of("errors", List.of(errors)));
    }

    /** Writes {@code body} as JSON with {@code status}; the one way every answer but /metrics and the page leaves. */
    static Future<Void> json(RoutingContext ctx, int status, Object body) {
        if (ctx.response().ended()) return Future.succeededFuture();
        String text;
        try {
            text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON answer: " + e.getMessage(), e);
        }
        return ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8").end(text);
    }
}
