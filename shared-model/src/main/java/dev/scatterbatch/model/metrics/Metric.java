package dev.scatterbatch.model.metrics;

import java.util.List;

/**
 * One exported metric.
 *
 * @param meterName      the Micrometer name (dot-separated; Micrometer appends unit and {@code _total})
 * @param baseUnit       the Micrometer base unit ({@code seconds}) or null
 * @param type           counter, gauge or histogram
 * @param description    the help text
 * @param tags           the tag keys, each from a closed set
 */
public record Metric(String meterName, String baseUnit, MetricType type, String description, List<String> tags) {

    /**
     * The family name a PromQL query uses (without {@code _bucket}/{@code _count}/{@code _sum}), as the Prometheus
     * registry's naming convention derives it from the Micrometer name: dots become underscores, the base unit is
     * appended, and a counter gets {@code _total}. {@code MetricNamingTest} checks it against a real registry's
     * scrape, so the two names cannot drift apart.
     */
    public String prometheusName() {
        return meterName.replace('.', '_') + (baseUnit == null ? "" : "_" + baseUnit) + (type == MetricType.COUNTER ? "_total" : "");
    }

    /** The series name of a histogram's buckets. */
    public String bucket() {
        return prometheusName() + "_bucket";
    }

    /** The series name of a histogram's observation count. */
    public String count() {
        return prometheusName() + "_count";
    }

    /** The series name of a histogram's observation sum. */
    public String sum() {
        return prometheusName() + "_sum";
    }
}
