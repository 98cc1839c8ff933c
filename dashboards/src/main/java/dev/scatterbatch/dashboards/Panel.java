package dev.scatterbatch.dashboards;

import java.util.List;
import java.util.Map;

/**
 * One panel of a classic Grafana dashboard. Build panels with the factories ({@link #timeseries},
 * {@link #stat}, {@link #heatmap}, {@link #row}); {@link Dashboard.Builder} gives each its id and place.
 *
 * @param id              unique within the dashboard
 * @param type            {@code timeseries}, {@code stat}, {@code heatmap} or {@code row}
 * @param title           what the panel shows
 * @param description     how to read it (shown as the panel's info tooltip)
 * @param gridPos         where it sits
 * @param datasource      {@link DataSourceRef#TEMPLATED}, or null for a row
 * @param fieldConfig     unit and range, or null for a row
 * @param options         panel-type options (legend, reduction, heatmap axes), or null
 * @param targets         the queries, or null for a row
 * @param repeat          a template variable to repeat the panel over (one copy per value), or null
 * @param repeatDirection {@code h} when repeated
 * @param maxPerRow       copies per row when repeated
 * @param collapsed       for a row: whether it starts collapsed
 */
public record Panel(Integer id, String type, String title, String description, GridPos gridPos,
                    DataSourceRef datasource, FieldConfig fieldConfig, Map<String, Object> options,
                    List<Target> targets, String repeat, String repeatDirection, Integer maxPerRow,
                    Boolean collapsed) {

    /** Panel types whose queries return time series (every type but {@code row}). */
    public boolean hasQueries() {
        return !"row".equals(type);
    }

    /** A line chart; the legend is a table with the last and largest value of each series. */
    public static Panel timeseries(String title, String description, String unit, Target... targets) {
        return query("timeseries", title, description, FieldConfig.unit(unit), Map.of(
                "legend", Map.of("displayMode", "table", "placement", "bottom", "showLegend", true,
                        "calcs", List.of("lastNotNull", "max")),
                "tooltip", Map.of("mode", "multi", "sort", "desc")), targets);
    }

    /** The last value of each series, large, with a sparkline. */
    public static Panel stat(String title, String description, String unit, Target... targets) {
        return query("stat", title, description, FieldConfig.unit(unit), Map.of(
                "reduceOptions", Map.of("calcs", List.of("lastNotNull"), "fields", "", "values", false),
                "colorMode", "value", "graphMode", "area", "justifyMode", "auto", "orientation", "auto",
                "textMode", "value_and_name"), targets);
    }

    /**
     * A heatmap of a Prometheus histogram: one row per bucket, read from cumulative {@code le} buckets
     * (no client-side calculation). {@code bucketUnit} labels the bucket axis; cells are observations
     * per second.
     */
    public static Panel heatmap(String title, String description, String bucketUnit, Target... targets) {
        return query("heatmap", title, description, FieldConfig.unit("ops"), Map.of(
                "calculate", false,
                "cellGap", 1,
                "color", Map.of("mode", "scheme", "scheme", "Oranges", "steps", 64, "fill", "dark-orange",
                        "exponent", 0.5, "scale", "exponential", "reverse", false),
                "rowsFrame", Map.of("layout", "auto"),
                "yAxis", Map.of("unit", bucketUnit, "axisPlacement", "left"),
                "tooltip", Map.of("mode", "single", "yHistogram", true),
                "legend", Map.of("show", true)), targets);
    }

    /** A row header that groups the panels below it. */
    public static Panel row(String title) {
        return new Panel(null, "row", title, null, null, null, null, null, null, null, null, null, false);
    }

    private static Panel query(String type, String title, String description, FieldConfig fieldConfig,
                               Map<String, Object> options, Target... targets) {
        return new Panel(null, type, title, description, null, DataSourceRef.TEMPLATED, fieldConfig, options,
                List.of(targets), null, null, null, null);
    }

    /** The same series stacked on each other (shares that add up, e.g. time attribution). */
    public Panel stacked() {
        return withFieldConfig(fieldConfig.withCustom(Map.of(
                "stacking", Map.of("mode", "normal", "group", "A"),
                "fillOpacity", 70, "lineWidth", 1, "showPoints", "never")));
    }

    /** The same with a logarithmic value axis (values that span decades). */
    public Panel logScale() {
        return withFieldConfig(fieldConfig.withCustom(Map.of(
                "scaleDistribution", Map.of("type", "log", "log", 10))));
    }

    /** The same with the value axis fixed to {@code [min, max]}. */
    public Panel range(double min, double max) {
        return withFieldConfig(fieldConfig.withRange(min, max));
    }

    /** The same repeated once per selected value of template variable {@code variable}. */
    public Panel repeatedBy(String variable, int maxPerRow) {
        return new Panel(id, type, title, description, gridPos, datasource, fieldConfig, options, targets,
                variable, "h", maxPerRow, collapsed);
    }

    /** The same with its id and place on the grid. */
    public Panel placed(int id, GridPos gridPos) {
        return new Panel(id, type, title, description, gridPos, datasource, fieldConfig, options, targets,
                repeat, repeatDirection, maxPerRow, collapsed);
    }

    private Panel withFieldConfig(FieldConfig fieldConfig) {
        return new Panel(id, type, title, description, gridPos, datasource, fieldConfig, options, targets,
                repeat, repeatDirection, maxPerRow, collapsed);
    }
}
