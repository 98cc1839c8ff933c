package dev.scatterbatch.dashboards;

import dev.scatterbatch.model.metrics.Metric;

import java.util.ArrayList;
import java.util.List;

/**
 * PromQL over scatterbatch metrics, filtered by a dashboard's template variables: every selector matches
 * {@code job=~"$job"}, and each filter label the metric carries (e.g. {@code scenario}) matches its
 * variable. Ranges are always {@code $__rate_interval}, which Grafana keeps at least four scrape
 * intervals long.
 */
public final class PromQl {

    /** Grafana's range macro for rate and increase. */
    public static final String RATE_INTERVAL = "$__rate_interval";
    /** The label every dashboard filters on. */
    public static final String JOB = "job";

    private final List<String> filterLabels;

    /** Expressions filtered by {@code job} and by each of {@code filterLabels} a metric carries. */
    public PromQl(List<String> filterLabels) {
        this.filterLabels = List.copyOf(filterLabels);
    }

    /** The labels filtered by a variable of the same name, besides {@code job}. */
    public List<String> filterLabels() {
        return filterLabels;
    }

    /** {@code metric{job=~"$job", scenario=~"$scenario", extra...}}. */
    public String select(Metric metric, String... extraMatchers) {
        return selectSeries(metric, metric.prometheusName(), extraMatchers);
    }

    /** Like {@link #select}, for one series of the metric ({@link Metric#bucket()}, {@link Metric#sum()}, ...). */
    public String selectSeries(Metric metric, String series, String... extraMatchers) {
        List<String> matchers = new ArrayList<>();
        matchers.add(variableMatcher(JOB));
        for (String label : filterLabels) {
            if (metric.tags().contains(label)) matchers.add(variableMatcher(label));
        }
        matchers.addAll(List.of(extraMatchers));
        return series + "{" + String.join(", ", matchers) + "}";
    }

    /** {@code sum by (labels) (rate(metric{...}[$__rate_interval]))}: a counter's per-second rate. */
    public String rateBy(String labels, Metric counter) {
        return sumBy(labels, rate(select(counter)));
    }

    /**
     * {@code expr or on (labels) (sum by (labels) (rate(traffic{...}[$__rate_interval])) * 0)}: {@code expr}, and 0
     * for each value of {@code labels} that has traffic but no series in {@code expr}. For a counter created at its
     * first increment (Vert.x's reply failures), so a healthy system shows 0 rather than no data.
     */
    public String orZeroBy(String expr, String labels, Metric traffic) {
        return expr + " or on (" + labels + ") (" + rateBy(labels, traffic) + " * 0)";
    }

    /** {@code histogram_quantile(q, sum by (le, labels) (rate(metric_bucket{...}[$__rate_interval])))}. */
    public String quantileBy(double q, String labels, Metric histogram) {
        return "histogram_quantile(" + q + ", " + sumBy("le, " + labels, rate(selectSeries(histogram, histogram.bucket()))) + ")";
    }

    /** The mean observation of a histogram: rate of {@code _sum} over rate of {@code _count}. */
    public String meanBy(String labels, Metric histogram) {
        return sumBy(labels, rate(selectSeries(histogram, histogram.sum()))) + " / "
                + sumBy(labels, rate(selectSeries(histogram, histogram.count())));
    }

    /** {@code rate(selector[$__rate_interval])}. */
    public static String rate(String selector) {
        return "rate(" + selector + "[" + RATE_INTERVAL + "])";
    }

    /** {@code sum by (labels) (expr)}. */
    public static String sumBy(String labels, String expr) {
        return "sum by (" + labels + ") (" + expr + ")";
    }

    /** {@code series{job=~"$job"}}: for a variable's {@code label_values} query. */
    public static String filteredByJob(String series) {
        return series + "{" + variableMatcher(JOB) + "}";
    }

    /** {@code label=~"$label"}: the label matches the selection of the variable of the same name. */
    public static String variableMatcher(String label) {
        return label + "=~\"$" + label + "\"";
    }
}
