package dev.scatterbatch.dashboards;

/**
 * A Prometheus annotation query: every step at which {@code expr} returns a series is marked on the
 * dashboard's time-series panels.
 *
 * @param name        the toggle's name
 * @param datasource  {@link DataSourceRef#TEMPLATED}
 * @param enable      on by default
 * @param hide        false: the toggle is shown
 * @param iconColor   the marker colour
 * @param expr        the PromQL expression
 * @param step        the evaluation step
 * @param titleFormat the marker title
 * @param textFormat  the marker text
 */
public record Annotation(String name, DataSourceRef datasource, boolean enable, boolean hide, String iconColor,
                         String expr, String step, String titleFormat, String textFormat) {

    /** An enabled annotation of {@code expr}, evaluated every {@code step}. */
    public static Annotation of(String name, String expr, String step, String title, String text) {
        return new Annotation(name, DataSourceRef.TEMPLATED, true, false, "orange", expr, step, title, text);
    }
}
