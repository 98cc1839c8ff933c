package dev.scatterbatch.dashboards.lint;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromQlScanTest {

    @Test
    void findsTheSelectorInsideRateWithItsMatchersAndRange() {
        PromQlScan scan = PromQlScan.of(
                "histogram_quantile(0.99, sum by (le, cmd) (rate(x_bucket{job=~\"$job\", cmd=\"A,B\"}[$__rate_interval])))");
        assertThat(scan.selectors()).containsExactly(new PromQlScan.Selector("x_bucket",
                Map.of("job", "=~\"$job\"", "cmd", "=\"A,B\""), "$__rate_interval", "rate"));
        assertThat(scan.groupingLabels()).containsExactlyInAnyOrder("le", "cmd");
    }

    @Test
    void aSelectorDirectlyInsideAnAggregationHasTheAggregationAsItsFunction() {
        assertThat(PromQlScan.of("sum by (scenario) (y_total)").selectors())
                .extracting(PromQlScan.Selector::function).containsExactly("sum");
        assertThat(PromQlScan.of("sum(y_total) by (scenario)").selectors())
                .extracting(PromQlScan.Selector::function).containsExactly("sum");
        assertThat(PromQlScan.of("(y_total)").selectors())
                .extracting(PromQlScan.Selector::function).containsNull();
    }

    @Test
    void keywordsNumbersAndLabelListsAreNotMetrics() {
        PromQlScan scan = PromQlScan.of(
                "a / on(scenario) group_left(x) b > bool 1e-6 and c offset 5m or 2 * d unless e");
        assertThat(scan.metrics()).containsExactly("a", "b", "c", "d", "e");
        assertThat(scan.groupingLabels()).containsExactlyInAnyOrder("scenario", "x");
    }

    @Test
    void everyRangeIsFoundWithItsFunction() {
        PromQlScan scan = PromQlScan.of("deriv(v[$__rate_interval]) + increase(w_total[5m]) + max_over_time(rate(z[1m])[10m:1m])");
        assertThat(scan.ranges()).containsExactly(new PromQlScan.Range("$__rate_interval", "deriv"),
                new PromQlScan.Range("5m", "increase"), new PromQlScan.Range("1m", "rate"),
                new PromQlScan.Range("10m:1m", "max_over_time"));
    }

    @Test
    void unbalancedParenthesesAreRejected() {
        assertThatThrownBy(() -> PromQlScan.of("sum(rate(x[1m])")).hasMessageContaining("unclosed '('");
        assertThatThrownBy(() -> PromQlScan.of("x)")).hasMessageContaining("unbalanced ')'");
    }
}
