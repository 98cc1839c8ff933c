package dev.scatterbatch.controlplane.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The tuning page at {@code /}: one control per parameter (built in the browser from
 * {@code GET /api/params/definitions}), a PUT to {@code /api/params} per change, and live charts of each
 * scenario's score, its share of bare metal and where its time goes, polled from {@code GET /api/live}. The page
 * is four classpath files (HTML, CSS, a script, an icon) with no external resource; its Content-Security-Policy makes the
 * browser refuse any other origin. Any server that runs a model and a {@link ParamsApi} mounts it on its router.
 */
public final class TuningPage {

    /** The page's files, by the path they are served at, with their content types. */
    private static final Map<String, String> FILES = Map.of(
            "/", "text/html; charset=utf-8",
            "/tuning/tuning.js", "text/javascript; charset=utf-8",
            "/tuning/tuning.css", "text/css; charset=utf-8",
            "/tuning/favicon.svg", "image/svg+xml");
    private static final String CONTENT_SECURITY_POLICY =
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
                    + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final ParamsApi params;
    private final Supplier<Map<String, Object>> live;
    private final Map<String, Buffer> files = new LinkedHashMap<>();

    /**
     * @param live the state {@code GET /api/live} answers: virtual time, per scenario its score, % of bare metal
     *             and time per component, and the parameter changes applied so far
     */
    public TuningPage(ParamsApi params, Supplier<Map<String, Object>> live) {
        this.params = params;
        this.live = live;
        FILES.keySet().forEach(path -> files.put(path, resource(path.equals("/") ? "index.html" : path.substring("/tuning/".length()))));
    }

    /** Adds the page, its files, {@code GET /api/params/definitions} and {@code GET /api/live} to {@code router}. */
    public void mount(Router router, boolean tokenRequired) {
        FILES.forEach((path, type) -> router.get(path).handler(ctx -> file(ctx, path, type)));
        router.get("/api/params/definitions").handler(ctx -> {
            Map<String, Object> body = new LinkedHashMap<>(params.definitions());
            body.put("tokenRequired", tokenRequired);
            ControlPlaneVerticle.json(ctx, 200, body);
        });
        router.get("/api/live").handler(ctx -> ControlPlaneVerticle.json(ctx, 200, live.get()));
    }

    private void file(RoutingContext ctx, String path, String type) {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, type)
                .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                .end(files.get(path));
    }

    private static Buffer resource(String name) {
        try (InputStream in = TuningPage.class.getResourceAsStream("tuning/" + name)) {
            if (in == null) throw new IllegalStateException("the tuning page's file " + name + " is missing from the classpath");
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the tuning page's file " + name, e);
        }
    }
}
