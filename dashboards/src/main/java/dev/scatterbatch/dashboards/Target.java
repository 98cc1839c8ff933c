package dev.scatterbatch.dashboards;

/**
 * One Prometheus query of a panel.
 *
 * @param refId        the query's letter within its panel ({@code A}, {@code B}, ...)
 * @param datasource   always {@link DataSourceRef#TEMPLATED}
 * @param expr         the PromQL expression, with Grafana's macros ({@code $__rate_interval}, {@code $job})
 * @param legendFormat the series name template ({@code {{scenario}}})
 * @param format       {@code time_series}, or {@code heatmap} for cumulative {@code le} buckets
 */
public record Target(String refId, DataSourceRef datasource, String expr, String legendFormat, String format) {

    /** A time-series query. */
    public static Target of(String refId, String expr, String legendFormat) {
        return new Target(refId, DataSourceRef.TEMPLATED, expr, legendFormat, "time_series");
    }

    /** A query of histogram buckets that a heatmap reads as one row per {@code le}. */
    public static Target heatmap(String refId, String expr) {
        return new Target(refId, DataSourceRef.TEMPLATED, expr, "{{le}}", "heatmap");
    }
}
