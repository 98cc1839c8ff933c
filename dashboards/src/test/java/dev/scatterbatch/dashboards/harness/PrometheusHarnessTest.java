package dev.scatterbatch.dashboards.harness;

import dev.scatterbatch.dashboards.DetailDashboard;
import dev.scatterbatch.dashboards.OverviewDashboard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Proves the harness on a stand-in for {@code serve}: a real Prometheus scrapes a Micrometer registry with
 * every scatterbatch metric, every dashboard query returns data, the PromQL means what the panels say,
 * every panel renders to a PNG, and the scrape passes promtool's lint.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusHarnessTest {

    private static final DashboardJson OVERVIEW = DashboardJson.committed(OverviewDashboard.UID);
    private static final DashboardJson DETAIL = DashboardJson.committed(DetailDashboard.UID);

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    /** Scrapes before rendering, so the charts show a trend rather than a dot. */
    private static final int SCRAPES_BEFORE_RENDERING = 12;

    private SampleMetricsEndpoint endpoint;
    private PrometheusServer prometheus;
    private Instant started;

    @BeforeAll
    void startPrometheusScrapingTheSampleRegistry(@TempDir Path dir) throws IOException {
        endpoint = SampleMetricsEndpoint.start();
        started = Instant.now();
        prometheus = PrometheusServer.start(endpoint.uri(), dir);
        prometheus.awaitTargetUp(TIMEOUT);
    }

    @AfterAll
    void stop() {
        if (prometheus != null) prometheus.close();
        if (endpoint != null) endpoint.close();
    }

    @Test
    void theTargetIsScrapedUnderTheScatterbatchJob() {
        assertThat(prometheus.awaitData("up{job=\"" + PrometheusServer.JOB + "\"} == 1", TIMEOUT)).hasSize(1);
        assertThat(endpoint.steps()).isPositive();
    }

    @Test
    void everyPanelAndAnnotationQueryReturnsData() {
        assertThat(prometheus.queriesWithoutData(DashboardJson.committed(), TIMEOUT)).isEmpty();
    }

    @Test
    void hostIoctlsPerBufferAreTwoForBareMetalAndBatchAndTwicePerRangeForPerRange() {
        List<Map<String, Double>> answers = awaitAnswers("scenario", SampleMetricsEndpoint.SCENARIOS,
                OVERVIEW.expandedQuery("Host ioctls per registered buffer", "A"), DETAIL.expandedQuery("Ranges per buffer", "C"));
        Map<String, Double> perBuffer = answers.get(0);
        Map<String, Double> meanRanges = answers.get(1);

        assertThat(perBuffer.get("bare-metal")).isCloseTo(2.0, within(1e-9));
        assertThat(perBuffer.get("batch")).isCloseTo(2.0, within(1e-9));
        assertThat(perBuffer.get("per-range")).isCloseTo(2 * meanRanges.get("per-range"), within(1e-6));
        assertThat(meanRanges.get("per-range")).isBetween(400.0, 600.0);
    }

    @Test
    void bareMetalIsAllOfBareMetalAndTheTimeAttributionOfEachScenarioAddsUpToOne() {
        String attribution = OVERVIEW.expandedQuery("Where the time goes: $scenario", "A");
        List<Map<String, Double>> answers = awaitAnswers("scenario", SampleMetricsEndpoint.SCENARIOS,
                OVERVIEW.expandedQuery("Score as a share of bare metal", "A"), "sum by (scenario) (" + attribution + ")");
        Map<String, Double> share = answers.get(0);
        assertThat(share.get("bare-metal")).isCloseTo(1.0, within(1e-12));
        assertThat(share.get("per-range")).isBetween(0.35, 0.45);

        Map<String, Double> total = answers.get(1);
        assertThat(total).containsOnlyKeys(SampleMetricsEndpoint.SCENARIOS);
        total.values().forEach(t -> assertThat(t).isCloseTo(1.0, within(1e-9)));
    }

    @Test
    void theP99OfTheBatchAllocLiesInTheBucketOfItsSimulatedDuration() {
        String p99 = DETAIL.expandedQuery("Ioctl latency p50 and p99 by command", "B");
        Map<String, Double> byCmd = awaitAnswers("cmd", List.of("ALLOC_MEMORY_OF_GPU_BATCH", "MAP_MEMORY_TO_GPU"), p99).getFirst();
        // ALLOC_BATCH of ~500 ranges takes 20us + 500 x 3.7us = 1.87 ms (+-10%): the (1 ms, 5 ms] buckets
        assertThat(byCmd.get("ALLOC_MEMORY_OF_GPU_BATCH")).isBetween(1e-3, 5e-3);
        assertThat(byCmd.get("MAP_MEMORY_TO_GPU")).isBetween(10e-6, 20e-6);
    }

    @Test
    void everyPanelIsRenderedWithDataToAPng() throws IOException {
        assertThat(prometheus.queriesWithoutData(DashboardJson.committed(), TIMEOUT)).isEmpty();
        assertThat(prometheus.awaitData("count_over_time(up[1m]) >= " + SCRAPES_BEFORE_RENDERING, TIMEOUT)).isNotEmpty();
        PanelRenderer renderer = new PanelRenderer(prometheus, PanelRenderer.defaultOutput());
        for (DashboardJson d : DashboardJson.committed()) {
            List<PanelRenderer.Rendered> rendered = renderer.render(d, started, Instant.now(), PrometheusServer.SCRAPE_INTERVAL);
            assertThat(rendered).hasSizeGreaterThanOrEqualTo(d.queryPanels().size());
            for (PanelRenderer.Rendered r : rendered) {
                assertThat(r.series()).as(r.where() + " shows no series").isPositive();
                assertThat(Files.size(r.png())).as(r.png().toString()).isGreaterThan(5_000);
            }
        }
        // repeated panels: one image per scenario and per ioctl command
        assertThat(PanelRenderer.defaultOutput().resolve("scatterbatch-overview/12-per-range.png")).exists();
        assertThat(PanelRenderer.defaultOutput().resolve("scatterbatch-detail/2-ALLOC_MEMORY_OF_GPU_BATCH.png")).exists();
    }

    @Test
    void theScrapePassesPromtoolCheckMetricsWithoutAWarning() {
        endpoint.scrapeAfterStep();
        String scrape = endpoint.scrapeAfterStep();

        Promtool.Result result = Promtool.checkMetrics(scrape);

        assertThat(result.output()).isBlank();
        assertThat(result.exitCode()).isZero();
        assertThat(scrape).contains("# HELP scatterbatch_host_ioctls_total", "scatterbatch_ioctl_duration_seconds_bucket",
                "vertx_eventbus_sent_total");
    }

    @Test
    void closingStopsThePrometheusProcess(@TempDir Path dir) throws IOException {
        long pid;
        try (PrometheusServer other = PrometheusServer.start(URI.create("http://127.0.0.1:9/metrics"), dir)) {
            pid = other.pid();
            assertThat(ProcessHandle.of(pid)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
    }

    /** Waits until every query has data and returns a moment two seconds ago, when the rates are settled. */
    /**
     * Polls until every query answers, at one instant, a number for each of {@code keys} of {@code label} (rates
     * need two scrapes in their window, which a loaded machine may take long to make); those answers.
     */
    private List<Map<String, Double>> awaitAnswers(String label, Collection<String> keys, String... queries) {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (true) {
            Instant at = Instant.now();
            List<Map<String, Double>> answers = Arrays.stream(queries).map(q -> prometheus.queryBy(label, q, at)).toList();
            if (answers.stream().allMatch(a -> keys.stream().allMatch(k -> a.get(k) != null && !a.get(k).isNaN()))) return answers;
            if (at.isAfter(deadline)) {
                throw new AssertionError("no answer for every " + label + " " + keys + " within " + TIMEOUT.toSeconds() + " s: " + answers);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }


}
