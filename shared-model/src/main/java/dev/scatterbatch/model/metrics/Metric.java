package dev.scatterbatch.model.metrics;

import java.util.List;

/**
 * One exported metric.
 *
 * @param meterName      the Micrometer name (dot-separated; Micrometer appends unit and {@code _total})
 * @param baseUnit       the Micrometer base unit ({@code seconds}) or null
 * @param prometheusName the family name a PromQL query uses, without {@code _bucket}/{@code _count}/{@code _sum}
 * @param type           counter, gauge or histogram
 * @param description    the help text
 * @param tags           the tag keys, each from a closed set
 */
public record Metric(String meterName, String baseUnit, String prometheusName, MetricType type,
                     String description, List<String> tags) {

    /** The series name of a histogram's buckets. */
    public String bucket() {
        return prometheusName + "_bucket";
    }

    /** The series name of a histogram's observation count. */
    public String count() {
        return prometheusName + "_count";
    }

    /** The series name of a histogram's observation sum. */
    public String sum() {
        return prometheusName + "_sum";
    }
}
