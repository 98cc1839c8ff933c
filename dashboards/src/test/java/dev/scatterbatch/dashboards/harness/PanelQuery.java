package dev.scatterbatch.dashboards.harness;

/**
 * One query of a dashboard as written in its JSON (Grafana macros and variables unexpanded).
 *
 * @param dashboardUid the dashboard
 * @param panelId      the panel's id (0 for an annotation)
 * @param panelTitle   the panel's title, or {@code annotation <name>}
 * @param refId        the target's refId, or {@code annotationN}
 * @param expr         the PromQL expression with {@code $__rate_interval}, {@code $job}, ...
 * @param legendFormat the series name template
 */
public record PanelQuery(String dashboardUid, int panelId, String panelTitle, String refId, String expr,
                         String legendFormat) {

    /** Where the query is, for messages: {@code scatterbatch-detail panel 3 "Ranges per buffer" B}. */
    public String where() {
        return dashboardUid + " panel " + panelId + " \"" + panelTitle + "\" " + refId;
    }

    /** A name usable as a Prometheus recording rule: {@code dashboard:scatterbatch_detail:panel_3_b}. */
    public String recordName() {
        return "dashboard:" + dashboardUid.replace('-', '_') + ":panel_" + panelId + "_" + refId.toLowerCase();
    }
}
