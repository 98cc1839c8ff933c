package dev.scatterbatch.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.scatterbatch.app.html.BrowserProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --report FILE.html} opened in headless Chromium: self-contained, every chart drawn at its size, no errors. */
class ReportInBrowserTest {

    @Test
    void mapReportRendersEveryChartInChromiumWithoutNetworkOrErrors(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("report.html");
        CliRunner r = CliRunner.run("map", "--vary", "rangesPerBuffer=50,500", "--vary", "pressure=0,100",
                "--scenarios", "per-range,batch", "--iterations", "1", "--out", dir.toString(), "--report", report.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        String html = Files.readString(report);
        assertSelfContained(html);
        // one map (rangesPerBuffer x pressure), the bench attribution at the operating point, the pressure curve
        assertThat(html).contains("data-chart=\"map-rangesPerBuffer-pressure\"", "data-chart=\"attribution\"",
                "data-chart=\"pressure-curve\"", "kfdAllocFixed", "<code>scatterbatch map --vary rangesPerBuffer=50,500");
        assertRendersInChromium(dir, report, 3);
    }

    @Test
    void benchAndSweepReportsRenderInChromium(@TempDir Path dir) throws Exception {
        Path bench = dir.resolve("bench.html");
        CliRunner b = CliRunner.run("bench", "--iterations", "1", "--scenarios", "bare-metal,per-range,batch", "--report", bench.toString());
        assertThat(b.exitCode()).as(b.err()).isZero();
        assertSelfContained(Files.readString(bench));
        assertRendersInChromium(dir, bench, 1);
        Path sweep = dir.resolve("sweep.html");
        CliRunner s = CliRunner.run("sweep", "--vary", "kfdAllocFixed=10us,40us", "--iterations", "1", "--out", dir.toString(),
                "--report", sweep.toString());
        assertThat(s.exitCode()).as(s.err()).isZero();
        assertSelfContained(Files.readString(sweep));
        assertRendersInChromium(dir, sweep, 2);
    }

    /** Nothing that a browser would fetch: no script, style sheet, font, image or frame from anywhere. */
    private static void assertSelfContained(String html) {
        assertThat(html).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("<link")
                .doesNotContainIgnoringCase("<iframe").doesNotContainIgnoringCase("@import").doesNotContainIgnoringCase("@font-face");
        assertThat(html).doesNotContainPattern("(?i)(src|href)\\s*=\\s*[\"']?(https?:|//|file:)")
                .doesNotContainPattern("(?i)url\\(\\s*[\"']?(https?:|//|file:)");
    }

    private static void assertRendersInChromium(Path dir, Path report, int expectedCharts) throws Exception {
        BrowserProbe.Result probe = BrowserProbe.open(report, dir);
        JsonNode result = JsonMapper.builder().build().readTree(probe.json());
        assertThat(result.get("errors")).as("errors in the page").isEmpty();
        assertThat(probe.consoleErrors()).as("console errors").isEmpty();
        JsonNode charts = result.get("charts");
        assertThat(charts).hasSize(expectedCharts);
        for (JsonNode c : charts) {
            String name = c.get("name").asText();
            assertThat(c.get("width").asInt()).as(name + " width").isEqualTo(c.get("expectedWidth").asInt());
            assertThat(c.get("height").asInt()).as(name + " height").isEqualTo(c.get("expectedHeight").asInt());
            // drawn, not an empty frame: many shapes and text over most of the chart
            assertThat(c.get("shapes").asInt()).as(name + " shapes").isGreaterThan(20);
            assertThat(c.get("drawnWidth").asInt()).as(name + " drawn width").isGreaterThan(c.get("expectedWidth").asInt() / 2);
            assertThat(c.get("drawnHeight").asInt()).as(name + " drawn height").isGreaterThan(c.get("expectedHeight").asInt() / 2);
        }
        assertThat(probe.screenshotDistinctColours()).as("the screenshot shows charts in colour").isGreaterThan(8);
        assertThat(probe.screenshotInkShare()).as("share of non-white pixels in the screenshot").isGreaterThan(0.03);
    }
}
