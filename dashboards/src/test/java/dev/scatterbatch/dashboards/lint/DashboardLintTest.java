package dev.scatterbatch.dashboards.lint;

import dev.scatterbatch.dashboards.harness.DashboardJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard-linter rules hold for every committed dashboard, and each rule catches what it is for. */
class DashboardLintTest {

    /**
     * A rule of the linter.
     *
     * @param name     its dashboard-linter name
     * @param wants    what it wants
     * @param check    the check
     * @param onBroken what it reports for {@link #BROKEN}, which breaks it
     */
    record Rule(String name, String wants, Function<DashboardJson, List<String>> check, List<String> onBroken) {
        @Override
        public String toString() {
            return name + " (" + wants + ")";
        }
    }

    static final List<Rule> RULES = List.of(
            new Rule("template-datasource", "one Prometheus data source variable labelled 'Data source'",
                    DashboardLintRules::templateDatasource, List.of(
                    "broken: the data source variable is named 'ds', should be 'datasource'",
                    "broken: the data source variable is labelled 'DS', should be 'Data source'",
                    "broken: the data source variable selects 'loki' data sources, should be 'prometheus'")),
            new Rule("panel-datasource", "every panel, target, variable and annotation uses ${datasource}",
                    DashboardLintRules::panelDatasource, List.of(
                    "broken panel 1 \"Untitled $foo\": does not use the datasource variable; uses 'prometheus'",
                    "broken variable job: does not use the datasource variable; uses 'prometheus'",
                    "broken annotation changes: does not use the datasource variable; uses 'prometheus'")),
            new Rule("panel-title-description", "every panel has a title and a description",
                    DashboardLintRules::panelTitleDescription, List.of(
                    "broken panel 1 \"Untitled $foo\": has no title or no description")),
            new Rule("panel-units", "every panel has a valid Grafana unit", DashboardLintRules::panelUnits, List.of(
                    "broken panel 1 \"Untitled $foo\": has no or an invalid unit: 'furlongs'",
                    "broken panel 1 \"No queries\": the bucket axis has no or an invalid unit: ''")),
            new Rule("panel-no-targets", "every panel has queries", DashboardLintRules::panelNoTargets, List.of(
                    "broken panel 1 \"No queries\": has no targets")),
            new Rule("target-rate-interval", "every range is $__rate_interval", DashboardLintRules::targetRateInterval,
                    List.of("broken panel 1 \"Untitled $foo\" A: rate(...[5m]) should use [$__rate_interval]")),
            new Rule("target-counter-agg", "counters, histogram series included, only inside rate, irate or increase",
                    DashboardLintRules::counterAggregation, List.of(
                    "broken panel 1 \"Untitled $foo\" A: counter b_bucket is not inside rate, irate or increase of a range",
                    "broken panel 0 \"annotation changes\" annotation1: counter changes_total is not inside rate, irate or increase of a range")),
            new Rule("template-job", "a multi-select job variable whose All is .+", DashboardLintRules::templateJob, List.of(
                    "broken: the job variable should use the datasource variable",
                    "broken: the job variable should be labelled 'Job'",
                    "broken: the job variable should be a multi select",
                    "broken: the job variable's allValue should be '.+', is '.*'")),
            new Rule("target-job", "every selector filters by $job", DashboardLintRules::targetJob, List.of(
                    "broken panel 0 \"annotation changes\" annotation1: changes_total does not match job=~\"$job\"")),
            new Rule("uneditable-dashboard", "not editable", DashboardLintRules::templateUneditable, List.of(
                    "broken: is editable; it should be 'editable: false'")),
            new Rule("classic-model", "schema 41 or 42, unique panel ids, only defined variables",
                    DashboardLintRules::classicModel, List.of(
                    "broken: schemaVersion 39, wants 41 or 42",
                    "broken panel 1 \"No queries\": duplicate panel id",
                    "broken: uses $foo, which is not a variable of the dashboard: Untitled $foo")));

    static List<DashboardJson> dashboards() {
        return DashboardJson.committed();
    }

    static Stream<Arguments> rulesByDashboard() {
        return RULES.stream().flatMap(rule -> dashboards().stream().map(d -> Arguments.of(rule, d)));
    }

    @Test
    void thereAreDashboardsToLint() {
        assertThat(dashboards()).extracting(DashboardJson::uid)
                .containsExactly("scatterbatch-detail", "scatterbatch-overview");
    }

    @ParameterizedTest(name = "{0} holds for {1}")
    @MethodSource("rulesByDashboard")
    void everyRuleHoldsForEveryDashboard(Rule rule, DashboardJson dashboard) {
        assertThat(rule.check().apply(dashboard)).isEmpty();
    }

    @ParameterizedTest(name = "{0} reports each violation of a broken dashboard")
    @MethodSource("rules")
    void everyRuleReportsEachViolationOfABrokenDashboard(Rule rule) {
        assertThat(rule.check().apply(BROKEN)).containsExactlyElementsOf(rule.onBroken());
    }

    static List<Rule> rules() {
        return RULES;
    }

    /** A dashboard that breaks every rule once. */
    private static final DashboardJson BROKEN = DashboardJson.parse("broken.json", """
            {"uid": "broken", "schemaVersion": 39, "editable": true,
             "templating": {"list": [
               {"type": "datasource", "name": "ds", "label": "DS", "query": "loki"},
               {"type": "query", "name": "job", "label": "job", "datasource": {"uid": "prometheus"},
                "multi": false, "includeAll": true, "allValue": ".*"}]},
             "annotations": {"list": [{"name": "changes", "datasource": {"uid": "prometheus"},
               "expr": "changes_total > 0"}]},
             "panels": [
               {"id": 1, "type": "timeseries", "title": "Untitled $foo", "description": "",
                "datasource": {"uid": "prometheus"}, "fieldConfig": {"defaults": {"unit": "furlongs"}},
                "targets": [{"refId": "A", "datasource": {"uid": "${datasource}"},
                             "expr": "sum(rate(a_total{job=~\\"$job\\"}[5m])) / sum(b_bucket{job=~\\"$job\\"})"}]},
               {"id": 1, "type": "heatmap", "title": "No queries", "description": "d",
                "datasource": {"uid": "${datasource}"}, "fieldConfig": {"defaults": {"unit": "ops"}},
                "options": {"yAxis": {}}, "targets": []}]}
            """);
}
