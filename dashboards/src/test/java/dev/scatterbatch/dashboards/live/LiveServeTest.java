package dev.scatterbatch.dashboards.live;

import dev.scatterbatch.app.ServeCommand;
import dev.scatterbatch.app.serve.LiveServer;
import dev.scatterbatch.dashboards.DetailDashboard;
import dev.scatterbatch.dashboards.OverviewDashboard;
import dev.scatterbatch.dashboards.harness.DashboardJson;
import dev.scatterbatch.dashboards.harness.GrafanaMacros;
import dev.scatterbatch.dashboards.harness.PanelQuery;
import dev.scatterbatch.dashboards.harness.PanelRenderer;
import dev.scatterbatch.dashboards.harness.PrometheusBinaries;
import dev.scatterbatch.dashboards.harness.PrometheusServer;
import dev.scatterbatch.dashboards.harness.Promtool;
import dev.scatterbatch.model.metrics.Metric;
import dev.scatterbatch.model.metrics.MetricNames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The real thing, end to end: {@code serve} runs in-process on a free port (the command line's own option
 * handling, three scenarios, host memory pressure so evictions happen), a real Prometheus scrapes it every
 * second, and every query of the committed dashboards must return data. Tuning is checked through the HTTP API
 * as a user would do it, and every panel is drawn to {@code target/dashboard-render/serve/}.
 *
 * <p>Needs Debian's {@code prometheus} and {@code promtool}; without them it fails and says how to get them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveServeTest {

    private static final DashboardJson OVERVIEW = DashboardJson.committed(OverviewDashboard.UID);
    private static final DashboardJson DETAIL = DashboardJson.committed(DetailDashboard.UID);

    /** Fast enough that a few wall seconds hold many iterations of every scenario, cheap enough for CI's 2 cores. */
    private static final String SPEED = "2";
    /** Invalidating host memory events per simulated second on registered memory: evictions and restores show. */
    private static final String PRESSURE = "10";
    /** Generous: other work on the machine (CI runs beside other jobs) slows serve and Prometheus, never the outcome. */
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    /** Scrapes before rendering, so the charts show a trend rather than a dot. */
    private static final int SCRAPES_BEFORE_RENDERING = 15;
    private static final String PER_RANGE_SCORE = "scatterbatch_benchmark_score{scenario=\"per-range\"}";
    private static final String CHANGES = "scatterbatch_parameter_changes_total";
    private static final String VIRTUAL_TIME = "scatterbatch_virtual_time_seconds";
    /** Simulated seconds after a change by which the score's 2 s window holds only iterations begun after it. */
    private static final double SCORE_SETTLES_S = 4;
    /** What a world's event-bus addresses look like: {@code scatterbatch.w2-per-range.hypervisor} (see {@code Addresses}). */
    private static final Pattern WORLD_ADDRESS = Pattern.compile("scatterbatch\\.w\\d+-[a-z-]+\\.(hypervisor|host\\.gpu|guest\\.\\d+)");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final StringWriter serveLog = new StringWriter();
    private LiveServer serve;
    private URI base;
    private PrometheusServer prometheus;
    private Instant started;
    private ParameterChange change;

    /** What the PUT of a changed kfdAllocFixed did, seen from serve's own scrape. */
    private record ParameterChange(HttpResponse<String> response, double scoreBefore, double scoreAfter, double changesBefore) {
    }

    @BeforeAll
    void startServeAndAPrometheusScrapingIt(@TempDir Path dir) throws IOException, InterruptedException {
        // fail (not skip) at once, with how to get them, when the tools are missing
        PrometheusBinaries.prometheus();
        PrometheusBinaries.promtool();
        serve = ServeCommand.start(new PrintWriter(serveLog, true), "--port", "0", "--speed", SPEED, "--pressure", PRESSURE);
        base = URI.create("http://127.0.0.1:" + serve.port());
        started = Instant.now();
        prometheus = PrometheusServer.start(base.resolve("/metrics"), dir);
        prometheus.awaitTargetUp(TIMEOUT);
        // a user's first tuning step; the annotation query shows it for a minute ($__rate_interval)
        change = changeKfdAllocFixed();
    }

    @AfterAll
    void stop() {
        if (prometheus != null) prometheus.close();
        if (serve != null) serve.close();
    }

    @Test
    void theOneTargetUpIsServe() {
        List<PrometheusServer.Sample> up = prometheus.query("up");

        assertThat(up).singleElement().satisfies(s -> {
            assertThat(s.value()).isEqualTo(1.0);
            assertThat(s.labels()).containsEntry("job", PrometheusServer.JOB).containsEntry("instance", base.getAuthority());
        });
    }

    @Test
    void everyPanelAndAnnotationQueryOfBothDashboardsReturnsData() {
        List<String> withoutData = prometheus.queriesWithoutData(DashboardJson.committed(), TIMEOUT);

        assertThat(withoutData).as("dashboard queries without data from serve").isEmpty();
    }

    @Test
    void aChangedKfdAllocFixedMovesThePerRangeScoreAndIsCountedForTheAnnotation() {
        ParameterChange c = change;

        assertThat(c.response().statusCode()).as(c.response().body()).isEqualTo(200);
        // 2000 ALLOCs per iteration each 26 us dearer (14 us default to 40 us) on a 125.5 ms per-range iteration:
        // the score falls by 29 % (bench --scenarios per-range --pressure 10 shows 125.5 ms and 177.8 ms)
        assertThat(c.scoreAfter() / c.scoreBefore()).isCloseTo(125.5 / (125.5 + 2000 * 0.026), within(0.02));
        assertThat(serveSample(CHANGES)).isEqualTo(c.changesBefore() + 1);
        assertThat(prometheus.awaitData(PER_RANGE_SCORE + " < " + 0.8 * c.scoreBefore(), TIMEOUT))
                .as("Prometheus sees the lower score").isNotEmpty();
        assertThat(prometheus.awaitData("scatterbatch_profile_parameter{name=\"kfdAllocFixed\"} == 4e-05", TIMEOUT)).isNotEmpty();
        assertThat(prometheus.awaitData(annotationQuery(), TIMEOUT)).as("the annotation query").isNotEmpty();
        assertThat(serveLog.toString()).containsPattern("params: kfdAllocFixed 14us -> 40us from virtual time \\d+\\.\\d{3} s \\(change 1\\)");
    }

    @Test
    void aBadBodyGets400WithEveryReasonAndChangesNothing() {
        String before = send("GET", "/api/params", null).body();
        double changesBefore = serveSample(CHANGES);

        HttpResponse<String> response = send("PUT", "/api/params", "{\"kfdAllocFixed\": \"-4us\", \"faultPerPage\": \"fast\", \"noSuchParameter\": 1}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("kfdAllocFixed = -4us is out of range: allowed 0ns to 100ms",
                "faultPerPage expected a duration", "'fast'", "noSuchParameter is not a known parameter");
        assertThat(send("GET", "/api/params", null).body()).isEqualTo(before);
        assertThat(serveSample(CHANGES)).isEqualTo(changesBefore);
    }

    @Test
    void serveTextScrapePassesPromtoolCheckMetricsWithNoOutputAndHasEveryMetric() {
        String scrape = send("GET", "/metrics", null).body();

        Promtool.Result result = Promtool.checkMetrics(scrape);

        assertThat(result.output()).isBlank();
        assertThat(result.exitCode()).isZero();
        for (Metric m : MetricNames.ALL) {
            assertThat(scrape).as(m.prometheusName()).contains("# HELP " + m.prometheusName() + " ");
        }
        assertThat(scrape).doesNotContainPattern("scatterbatch_profile_parameter\\{[^}]*} NaN");
    }

    @Test
    void eventBusSeriesAreLabelledWithTheWorldsOwnAddressesOnly() {
        assertThat(prometheus.awaitData("sum(rate(vertx_eventbus_processed_total[1m])) > 0", TIMEOUT)).isNotEmpty();

        List<String> addresses = prometheus.labelValues("address", "{__name__=~\"vertx_eventbus_.+\"}");

        // no generated reply address (__vertx.reply.N) and nothing but a world's own addresses
        assertThat(addresses).isNotEmpty().allSatisfy(a -> assertThat(a).matches(WORLD_ADDRESS));
        assertThat(addresses.stream().filter(a -> a.endsWith(".hypervisor")).map(a -> a.replaceAll("^scatterbatch\\.w\\d+-|\\.hypervisor$", "")))
                .containsExactlyInAnyOrder("bare-metal", "per-range", "batch");
    }

    @Test
    void rangesPerBufferQuantilesLieCloseToTheWorkloads500Ranges() {
        Instant at = awaitRates();
        Map<String, Double> p50 = prometheus.queryBy("scenario", DETAIL.expandedQuery("Ranges per buffer", "A"), at);
        Map<String, Double> p99 = prometheus.queryBy("scenario", DETAIL.expandedQuery("Ranges per buffer", "B"), at);
        Map<String, Double> mean = prometheus.queryBy("scenario", DETAIL.expandedQuery("Ranges per buffer", "C"), at);

        // seed-opencl registers every buffer as exactly 500 ranges, an edge of the (400, 500] bucket
        assertThat(mean.get("per-range")).isCloseTo(500, within(1e-9));
        assertThat(p50.get("per-range")).isBetween(450.0, 500.0);
        assertThat(p99.get("per-range")).isBetween(495.0, 500.0);
        assertThat(p99.get("bare-metal")).isLessThanOrEqualTo(1.0);
    }

    @Test
    void hostIoctlsPerBufferAreTheRegistrationPathTwoPerBufferOrTwoPerRange() {
        Instant at = awaitRates();
        Map<String, Double> perBuffer = prometheus.queryBy("scenario", OVERVIEW.expandedQuery("Host ioctls per registered buffer", "A"), at);

        // the registration path, as bench counts it: ALLOC + MAP per buffer, or per range for per-range (not 4 and
        // 2000, with teardown's UNMAP and FREE); 10 % for a buffer half counted at each end of a short window
        assertThat(perBuffer.get("bare-metal")).isCloseTo(2.0, within(0.2));
        assertThat(perBuffer.get("batch")).isCloseTo(2.0, within(0.2));
        assertThat(perBuffer.get("per-range")).isCloseTo(1000.0, within(100.0));
    }

    @Test
    void everyPanelIsRenderedFromServeToAPng() throws IOException {
        assertThat(prometheus.queriesWithoutData(DashboardJson.committed(), TIMEOUT)).isEmpty();
        assertThat(prometheus.awaitData("count_over_time(up[1m]) >= " + SCRAPES_BEFORE_RENDERING, TIMEOUT)).isNotEmpty();
        Path output = PanelRenderer.defaultOutput().resolve("serve");
        PanelRenderer renderer = new PanelRenderer(prometheus, output);
        Instant end = Instant.now();

        Map<String, PanelRenderer.Rendered> rendered = new TreeMap<>();
        for (DashboardJson d : List.of(OVERVIEW, DETAIL)) {
            for (PanelRenderer.Rendered r : renderer.render(d, started, end, PrometheusServer.SCRAPE_INTERVAL)) {
                rendered.put(output.relativize(r.png()).toString(), r);
            }
        }

        // every panel, a repeated one once per scenario or ioctl command, each drawn with data
        assertThat(rendered).hasSizeGreaterThanOrEqualTo(OVERVIEW.queryPanels().size() + DETAIL.queryPanels().size())
                .containsKeys("scatterbatch-overview/12-per-range.png", "scatterbatch-detail/2-ALLOC_MEMORY_OF_GPU_BATCH.png");
        assertThat(rendered.values()).allSatisfy(r -> {
            assertThat(r.series()).as(r.where() + " shows no series").isPositive();
            assertThat(Files.size(r.png())).as(r.png().toString()).isGreaterThan(5_000);
        });
    }

    /**
     * PUTs {@code kfdAllocFixed: 40us} and reads serve's per-range score before and after. Each reading waits for
     * simulated time, not wall time: the score gauge averages the iterations of the last 2 simulated seconds, so
     * {@link #SCORE_SETTLES_S} simulated seconds after a point its window holds only iterations that began after it,
     * however slowly a loaded machine runs serve.
     */
    private ParameterChange changeKfdAllocFixed() throws InterruptedException {
        awaitVirtualTime(SCORE_SETTLES_S);
        double before = serveSample(PER_RANGE_SCORE);
        double changesBefore = serveSample(CHANGES);
        HttpResponse<String> response = send("PUT", "/api/params", "{\"kfdAllocFixed\": \"40us\"}");
        awaitVirtualTime(serveSample(VIRTUAL_TIME) + SCORE_SETTLES_S);
        double after = serveSample(PER_RANGE_SCORE);
        return new ParameterChange(response, before, after, changesBefore);
    }

    /** Polls serve's virtual time until it reaches {@code seconds}, for at most {@link #TIMEOUT}. */
    private void awaitVirtualTime(double seconds) throws InterruptedException {
        Instant deadline = Instant.now().plus(TIMEOUT);
        double now = serveSample(VIRTUAL_TIME);
        while (now < seconds) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("serve's virtual time did not reach " + seconds + " s within " + TIMEOUT.toSeconds()
                        + " s; it is " + now + " s\nserve log:\n" + serveLog);
            }
            Thread.sleep(200);
            now = serveSample(VIRTUAL_TIME);
        }
    }

    /** The value of one series in serve's own text scrape. */
    private double serveSample(String series) {
        String scrape = send("GET", "/metrics", null).body();
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(scrape);
        if (!m.find()) throw new AssertionError("serve's scrape has no " + series);
        return Double.parseDouble(m.group(1));
    }

    private HttpResponse<String> send(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        request = json == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " to serve failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private String annotationQuery() {
        PanelQuery annotation = OVERVIEW.queries().stream().filter(q -> q.panelId() == 0).findFirst().orElseThrow();
        return GrafanaMacros.expand(annotation.expr(), OVERVIEW.allValues());
    }

    /**
     * Waits until every query has data and five scrapes are in, and returns a moment two seconds ago, when every
     * rate has at least three samples.
     */
    private Instant awaitRates() {
        assertThat(prometheus.queriesWithoutData(DashboardJson.committed(), TIMEOUT)).isEmpty();
        assertThat(prometheus.awaitData("count_over_time(up[1m]) >= 5", TIMEOUT)).isNotEmpty();
        return Instant.now().minusSeconds(2);
    }
}
