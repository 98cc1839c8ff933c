package dev.scatterbatch.dashboards;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.scatterbatch.model.metrics.MetricNames.BENCHMARK_SCORE;
import static dev.scatterbatch.model.metrics.MetricNames.IOCTL_DURATION;
import static dev.scatterbatch.model.metrics.MetricNames.QUEUE_STALL;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DashboardBuilderTest {

    private static Panel panel(String title) {
        return Panel.timeseries(title, "d", "s", Target.of("A", "x", ""));
    }

    @Test
    void panelsFlowLeftToRightAndWrapWhenTheLineIsFull() {
        Dashboard d = Dashboard.builder("u", "t", "d")
                .panel(12, 8, panel("a")).panel(12, 6, panel("b")).panel(8, 4, panel("c")).build();
        assertThat(d.panels()).extracting(Panel::gridPos).containsExactly(
                new GridPos(8, 12, 0, 0), new GridPos(6, 12, 12, 0), new GridPos(4, 8, 0, 8));
        assertThat(d.panels()).extracting(Panel::id).containsExactly(1, 2, 3);
    }

    @Test
    void aRowStartsANewFullWidthLine() {
        Dashboard d = Dashboard.builder("u", "t", "d")
                .panel(8, 5, panel("a")).row("r").panel(8, 5, panel("b")).build();
        assertThat(d.panels()).extracting(Panel::type).containsExactly("timeseries", "row", "timeseries");
        assertThat(d.panels()).extracting(Panel::gridPos).containsExactly(
                new GridPos(5, 8, 0, 0), new GridPos(1, 24, 0, 5), new GridPos(5, 8, 0, 6));
    }

    @Test
    void aRepeatedPanelHasItsLineToItselfForItsCopies() {
        Dashboard d = Dashboard.builder("u", "t", "d")
                .panel(8, 5, panel("a")).panel(8, 9, panel("r").repeatedBy("scenario", 3)).panel(8, 5, panel("b"))
                .build();
        assertThat(d.panels()).extracting(Panel::gridPos).containsExactly(
                new GridPos(5, 8, 0, 0), new GridPos(9, 8, 0, 5), new GridPos(5, 8, 0, 14));
        assertThat(d.panels().get(1).repeat()).isEqualTo("scenario");
        assertThat(d.panels().get(1).maxPerRow()).isEqualTo(3);
    }

    @Test
    void aPanelWiderThanTheGridIsRejectedNamingIt() {
        assertThatThrownBy(() -> Dashboard.builder("u", "t", "d").panel(25, 5, panel("wide")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("panel 'wide' is 25 columns wide; the grid has 1 to 24");
    }

    @Test
    void selectorsFilterByJobAndByEachFilterLabelTheMetricCarries() {
        PromQl q = new PromQl(List.of("scenario", "cmd"));
        assertThat(q.select(QUEUE_STALL))
                .isEqualTo("scatterbatch_queue_stall_seconds_total{job=~\"$job\", scenario=~\"$scenario\"}");
        assertThat(q.quantileBy(0.99, "cmd", IOCTL_DURATION))
                .isEqualTo("histogram_quantile(0.99, sum by (le, cmd) (rate(scatterbatch_ioctl_duration_seconds_bucket"
                        + "{job=~\"$job\", scenario=~\"$scenario\", cmd=~\"$cmd\"}[$__rate_interval])))");
        assertThat(new PromQl(List.of()).select(BENCHMARK_SCORE, "scenario=\"bare-metal\""))
                .isEqualTo("scatterbatch_benchmark_score{job=~\"$job\", scenario=\"bare-metal\"}");
    }
}
