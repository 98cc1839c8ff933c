package dev.scatterbatch.dashboards;

import java.util.List;
import java.util.Map;

/**
 * A dashboard template variable.
 *
 * @param type       {@code datasource} or {@code query}
 * @param name       what expressions refer to as {@code $name}
 * @param label      what the variable's selector shows
 * @param datasource for a query variable: {@link DataSourceRef#TEMPLATED}
 * @param query      the data source plugin for a datasource variable; {@code label_values(...)} otherwise
 * @param definition the query as the editor shows it
 * @param current    the initial selection
 * @param includeAll whether "All" can be selected
 * @param allValue   what "All" expands to in a regex matcher
 * @param multi      whether several values can be selected
 * @param refresh    when to reload the values (1 on load, 2 on time-range change)
 * @param sort       value order (1: alphabetical)
 * @param hide       0: show the selector
 * @param regex      a filter on the values (none)
 * @param options    the cached values (none: loaded from Prometheus)
 */
public record Variable(String type, String name, String label, DataSourceRef datasource, String query,
                       String definition, Map<String, Object> current, Boolean includeAll, String allValue,
                       Boolean multi, int refresh, Integer sort, int hide, String regex, List<Object> options) {

    /** What "All" of a label filter expands to: any non-empty value. */
    public static final String ALL_VALUE = ".+";

    /** The {@code datasource} variable, labelled "Data source", defaulting to the provisioned uid {@code prometheus}. */
    public static Variable dataSource() {
        return new Variable("datasource", "datasource", "Data source", null, "prometheus", null,
                Map.of("selected", false, "text", "Prometheus", "value", "prometheus"),
                null, null, null, 1, null, 0, "", List.of());
    }

    /**
     * A multi-select filter over the values of label {@code label} of series {@code series}, with "All"
     * expanding to {@value #ALL_VALUE} and selected initially.
     */
    public static Variable labelFilter(String label, String displayLabel, String series) {
        String query = "label_values(" + series + ", " + label + ")";
        return new Variable("query", label, displayLabel, DataSourceRef.TEMPLATED, query, query,
                Map.of("selected", true, "text", List.of("All"), "value", List.of("$__all")),
                true, ALL_VALUE, true, 2, 1, 0, "", List.of());
    }
}
