package dev.scatterbatch.dashboards;

/**
 * Which data source a panel, target, variable or annotation queries.
 *
 * @param type the data source plugin ({@code prometheus})
 * @param uid  the data source uid, or a template variable reference
 */
public record DataSourceRef(String type, String uid) {

    /**
     * The dashboard's {@code datasource} template variable. Panels point at the variable rather than at
     * a fixed uid or an {@code __inputs} placeholder, which file provisioning never resolves
     * (grafana/grafana#10786).
     */
    public static final DataSourceRef TEMPLATED = new DataSourceRef("prometheus", "${datasource}");
}
