package dev.scatterbatch.dashboards.lint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scatterbatch.dashboards.VertxMetricNames;
import dev.scatterbatch.dashboards.harness.DashboardJson;
import dev.scatterbatch.dashboards.harness.PanelQuery;
import dev.scatterbatch.model.metrics.Metric;
import dev.scatterbatch.model.metrics.MetricNames;
import dev.scatterbatch.model.metrics.MetricType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every series a dashboard queries is one we export (a {@link MetricNames} family, its histogram series,
 * or a Vert.x event-bus metric we list), every label it names is a tag of those metrics, and every
 * scatterbatch metric is shown somewhere.
 */
class MetricIdentifiersTest {

    /** Labels every series has (added by Prometheus) besides its tags. */
    private static final Set<String> TARGET_LABELS = Set.of("job", "instance");
    private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*(\\w+)\\)");

    /** Each queryable series name to the labels it carries. */
    private static final Map<String, Set<String>> SERIES = series();

    private static Map<String, Set<String>> series() {
        Map<String, Set<String>> series = new HashMap<>();
        for (Metric m : Stream.concat(MetricNames.ALL.stream(), VertxMetricNames.ALL.stream()).toList()) {
            Set<String> labels = new HashSet<>(m.tags());
            labels.addAll(TARGET_LABELS);
            series.put(m.prometheusName(), labels);
            if (m.type() == MetricType.HISTOGRAM) {
                Set<String> bucketLabels = new HashSet<>(labels);
                bucketLabels.add("le");
                series.put(m.bucket(), bucketLabels);
                series.put(m.count(), labels);
                series.put(m.sum(), labels);
            }
        }
        return series;
    }

    /** What is wrong with the names in one expression: unknown series, and labels none of its series carry. */
    static List<String> problems(String where, String expr, String legendFormat) {
        List<String> problems = new ArrayList<>();
        PromQlScan scan = PromQlScan.of(expr);
        Set<String> available = new HashSet<>();
        for (PromQlScan.Selector s : scan.selectors()) {
            Set<String> labels = SERIES.get(s.metric());
            if (labels == null) {
                problems.add(where + ": queries " + s.metric() + ", which scatterbatch does not export");
                continue;
            }
            available.addAll(labels);
            for (String label : s.matchers().keySet()) {
                if (!labels.contains(label)) problems.add(where + ": " + s.metric() + " has no label " + label);
            }
        }
        Set<String> used = new HashSet<>(scan.groupingLabels());
        Matcher legend = LEGEND_LABEL.matcher(legendFormat);
        while (legend.find()) used.add(legend.group(1));
        for (String label : used) {
            if (!available.contains(label)) problems.add(where + ": names label " + label + ", which none of its series has");
        }
        return problems;
    }

    @Test
    void everyPanelAndAnnotationQueriesOnlyExportedSeriesAndTheirLabels() {
        List<String> problems = new ArrayList<>();
        for (DashboardJson d : DashboardJson.committed()) {
            for (PanelQuery q : d.queries()) problems.addAll(problems(q.where(), q.expr(), q.legendFormat()));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyVariableListsValuesOfAnExportedSeriesLabel() {
        List<String> problems = new ArrayList<>();
        for (DashboardJson d : DashboardJson.committed()) {
            for (JsonNode v : d.variables()) {
                if (!"query".equals(v.path("type").asText())) continue;
                String where = d.uid() + " variable " + v.path("name").asText();
                Matcher m = LABEL_VALUES.matcher(v.path("query").asText());
                assertThat(m.matches()).as(where + " is a label_values query").isTrue();
                problems.addAll(problems(where, m.group(1), "{{" + m.group(2) + "}}"));
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyScatterbatchMetricIsShownOnSomeDashboard() {
        Set<String> queried = new HashSet<>();
        for (DashboardJson d : DashboardJson.committed()) {
            for (PanelQuery q : d.queries()) queried.addAll(PromQlScan.of(q.expr()).metrics());
        }
        List<String> unshown = MetricNames.ALL.stream()
                .filter(m -> Stream.of(m.prometheusName(), m.bucket(), m.count(), m.sum()).noneMatch(queried::contains))
                .map(Metric::prometheusName).toList();
        assertThat(unshown).isEmpty();
    }

    @Test
    void anUnknownSeriesAndALabelTheSeriesLacksAreReported() {
        assertThat(problems("q", "sum by (cmd) (rate(scatterbatch_forwarded_requests_total{reason=\"x\"}[1m]))"
                + " + rate(scatterbatch_ranges_per_buffer_total[1m])", "{{component}}"))
                .containsExactlyInAnyOrder(
                        "q: scatterbatch_forwarded_requests_total has no label reason",
                        "q: queries scatterbatch_ranges_per_buffer_total, which scatterbatch does not export",
                        "q: names label cmd, which none of its series has",
                        "q: names label component, which none of its series has");
    }

    @Test
    void histogramSeriesCarryLeOnlyOnBuckets() {
        assertThat(problems("q", "sum by (le) (rate(scatterbatch_ioctl_duration_seconds_bucket[1m]))", "")).isEmpty();
        assertThat(problems("q", "sum by (le) (rate(scatterbatch_ioctl_duration_seconds_count[1m]))", ""))
                .containsExactly("q: names label le, which none of its series has");
    }
}
