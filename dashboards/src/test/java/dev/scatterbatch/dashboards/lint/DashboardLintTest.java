package dev.scatterbatch.dashboards.lint;

import dev.scatterbatch.dashboards.harness.DashboardJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard-linter rules hold for every committed dashboard, and each rule catches what it is for. */
class DashboardLintTest {

    static List<DashboardJson> dashboards() {
        return DashboardJson.committed();
    }

    @Test
    void thereAreDashboardsToLint() {
        assertThat(dashboards()).extracting(DashboardJson::uid)
                .containsExactly("scatterbatch-detail", "scatterbatch-overview");
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void hasOnePrometheusDataSourceVariableLabelledDataSource(DashboardJson d) {
        assertThat(DashboardLintRules.templateDatasource(d)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void everyPanelTargetVariableAndAnnotationUsesTheDataSourceVariable(DashboardJson d) {
        assertThat(DashboardLintRules.panelDatasource(d)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void everyPanelHasATitleAndADescription(DashboardJson d) {
        assertThat(DashboardLintRules.panelTitleDescription(d)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void everyPanelHasAValidGrafanaUnit(DashboardJson d) {
        assertThat(DashboardLintRules.panelUnits(d)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void everyPanelHasQueries(DashboardJson d) {
        assertThat(DashboardLintRules.panelNoTargets(d)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void everyRangeIsTheRateInterval(DashboardJson d) {
        assertThat(DashboardLintRules.targetRateInterval(d)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void countersAreOnlyReadThroughRateOrIncrease(DashboardJson d) {
        assertThat(DashboardLintRules.counterAggregation(d)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void hasAMultiSelectJobVariableWhoseAllIsAnyValue(DashboardJson d) {
        assertThat(DashboardLintRules.templateJob(d)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void everySelectorFiltersByTheJobVariable(DashboardJson d) {
        assertThat(DashboardLintRules.targetJob(d)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void isNotEditable(DashboardJson d) {
        assertThat(DashboardLintRules.templateUneditable(d)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void isClassicModelWithUniquePanelIdsAndDefinedVariables(DashboardJson d) {
        assertThat(DashboardLintRules.classicModel(d)).isEmpty();
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

    @Test
    void aDataSourceVariableWithAnotherNameLabelOrPluginIsReported() {
        assertThat(DashboardLintRules.templateDatasource(BROKEN)).containsExactly(
                "broken: the data source variable is named 'ds', should be 'datasource'",
                "broken: the data source variable is labelled 'DS', should be 'Data source'",
                "broken: the data source variable selects 'loki' data sources, should be 'prometheus'");
    }

    @Test
    void aFixedDataSourceUidIsReportedForPanelsVariablesAndAnnotations() {
        assertThat(DashboardLintRules.panelDatasource(BROKEN)).containsExactly(
                "broken panel 1 \"Untitled $foo\": does not use the datasource variable; uses 'prometheus'",
                "broken variable job: does not use the datasource variable; uses 'prometheus'",
                "broken annotation changes: does not use the datasource variable; uses 'prometheus'");
    }

    @Test
    void aMissingDescriptionIsReported() {
        assertThat(DashboardLintRules.panelTitleDescription(BROKEN)).containsExactly(
                "broken panel 1 \"Untitled $foo\": has no title or no description");
    }

    @Test
    void anUnknownUnitAndAHeatmapWithoutBucketUnitAreReported() {
        assertThat(DashboardLintRules.panelUnits(BROKEN)).containsExactly(
                "broken panel 1 \"Untitled $foo\": has no or an invalid unit: 'furlongs'",
                "broken panel 1 \"No queries\": the bucket axis has no or an invalid unit: ''");
    }

    @Test
    void aPanelWithoutQueriesIsReported() {
        assertThat(DashboardLintRules.panelNoTargets(BROKEN)).containsExactly(
                "broken panel 1 \"No queries\": has no targets");
    }

    @Test
    void aFixedRangeIsReported() {
        assertThat(DashboardLintRules.targetRateInterval(BROKEN)).containsExactly(
                "broken panel 1 \"Untitled $foo\" A: rate(...[5m]) should use [$__rate_interval]");
    }

    @Test
    void aCounterOutsideRateIsReportedIncludingHistogramBuckets() {
        assertThat(DashboardLintRules.counterAggregation(BROKEN)).containsExactly(
                "broken panel 1 \"Untitled $foo\" A: counter b_bucket is not inside rate, irate or increase of a range",
                "broken panel 0 \"annotation changes\" annotation1: counter changes_total is not inside rate, irate or increase of a range");
    }

    @Test
    void aJobVariableThatIsNotMultiSelectOrMatchesEmptyIsReported() {
        assertThat(DashboardLintRules.templateJob(BROKEN)).containsExactly(
                "broken: the job variable should use the datasource variable",
                "broken: the job variable should be labelled 'Job'",
                "broken: the job variable should be a multi select",
                "broken: the job variable's allValue should be '.+', is '.*'");
    }

    @Test
    void aSelectorWithoutTheJobMatcherIsReported() {
        assertThat(DashboardLintRules.targetJob(BROKEN)).containsExactly(
                "broken panel 0 \"annotation changes\" annotation1: changes_total does not match job=~\"$job\"");
    }

    @Test
    void anEditableDashboardIsReported() {
        assertThat(DashboardLintRules.templateUneditable(BROKEN)).containsExactly(
                "broken: is editable; it should be 'editable: false'");
    }

    @Test
    void anOldSchemaADuplicateIdAndAnUndefinedVariableAreReported() {
        assertThat(DashboardLintRules.classicModel(BROKEN)).containsExactly(
                "broken: schemaVersion 39, wants 41 or 42",
                "broken panel 1 \"No queries\": duplicate panel id",
                "broken: uses $foo, which is not a variable of the dashboard: Untitled $foo");
    }
}
