package dev.scatterbatch.controlplane.metrics;

import dev.scatterbatch.model.metrics.Metric;
import dev.scatterbatch.model.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Prometheus name of every metric (what dashboards and alerts query) is the one Micrometer's Prometheus registry
 * exports for its Micrometer name, base unit and type: {@link Metric#prometheusName()} derives it, and this scrape
 * checks the derivation against the real naming convention.
 */
class MetricNamingTest {

    @Test
    void everyMetricIsScrapedUnderTheNameDashboardsQuery() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        for (Metric m : MetricNames.ALL) {
            switch (m.type()) {
                case COUNTER -> Counter.builder(m.meterName()).baseUnit(m.baseUnit()).register(registry).increment();
                case GAUGE -> Gauge.builder(m.meterName(), () -> 1.0).baseUnit(m.baseUnit()).register(registry);
                case HISTOGRAM -> DistributionSummary.builder(m.meterName()).baseUnit(m.baseUnit())
                        .serviceLevelObjectives(1.0).register(registry).record(0.5);
            }
        }
        String scrape = registry.scrape();
        for (Metric m : MetricNames.ALL) {
            String series = switch (m.type()) {
                case COUNTER, GAUGE -> m.prometheusName();
                case HISTOGRAM -> m.bucket();
            };
            assertThat(scrape).as("%s scraped as %s", m.meterName(), series).containsPattern("(?m)^" + series + "[ {]");
        }
    }
}
