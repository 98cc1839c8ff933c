package dev.scatterbatch.dashboards.lint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scatterbatch.dashboards.harness.DashboardJson;
import dev.scatterbatch.dashboards.harness.PanelQuery;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules of grafana/dashboard-linter ({@code lint/rule_*.go}),
 * ported to Java because its binary cannot be installed on the build machines. Each rule returns one
 * message per violation, naming the dashboard, the panel and what is wrong; an empty list means the
 * dashboard passes. Where noted, a rule is stricter than the original.
 */
final class DashboardLintRules {

    /** Grafana unit ids (grafana-data valueFormats/categories.ts) that scatterbatch panels may use. */
    static final Set<String> GRAFANA_UNITS = Set.of(
            "none", "short", "percent", "percentunit", "sci", "locale",
            "bytes", "decbytes", "bits", "kbytes", "mbytes", "gbytes",
            "Bps", "binBps", "bps", "pps",
            "ns", "µs", "ms", "s", "m", "h", "d", "dtdurations", "dtdurationms", "clocks", "hertz",
            "cps", "ops", "reqps", "rps", "wps", "iops", "cpm", "opm", "rpm", "wpm",
            "bool", "bool_yes_no", "bool_on_off");

    private static final Set<String> TEMPLATED_UIDS = Set.of("$datasource", "${datasource}");
    private static final Set<String> RATE_FUNCTIONS = Set.of("rate", "irate", "increase");
    private static final Pattern VARIABLE_USE = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");
    private static final Set<String> GRAFANA_MACROS = Set.of("__rate_interval", "__interval", "__range");

    private DashboardLintRules() {
    }

    /** template-datasource-rule: one {@code datasource} variable for Prometheus, labelled "Data source". */
    static List<String> templateDatasource(DashboardJson d) {
        List<String> problems = new ArrayList<>();
        List<JsonNode> dataSources = d.variables().stream()
                .filter(v -> "datasource".equals(v.path("type").asText())).toList();
        if (dataSources.size() != 1) {
            problems.add(d.uid() + ": has " + dataSources.size() + " data source variables; wants exactly one");
            return problems;
        }
        JsonNode v = dataSources.getFirst();
        check(problems, "datasource".equals(v.path("name").asText()),
                d.uid() + ": the data source variable is named '" + v.path("name").asText() + "', should be 'datasource'");
        check(problems, "Data source".equals(v.path("label").asText()),
                d.uid() + ": the data source variable is labelled '" + v.path("label").asText() + "', should be 'Data source'");
        check(problems, "prometheus".equals(v.path("query").asText()),
                d.uid() + ": the data source variable selects '" + v.path("query").asText() + "' data sources, should be 'prometheus'");
        return problems;
    }

    /**
     * panel-datasource-rule: every panel uses the {@code datasource} variable. Stricter: so does every
     * target, query variable and annotation.
     */
    static List<String> panelDatasource(DashboardJson d) {
        List<String> problems = new ArrayList<>();
        for (JsonNode panel : d.queryPanels()) {
            checkTemplated(problems, where(d, panel), panel.path("datasource"));
            for (JsonNode target : panel.path("targets")) {
                checkTemplated(problems, where(d, panel) + " target " + target.path("refId").asText(), target.path("datasource"));
            }
        }
        for (JsonNode v : d.variables()) {
            if ("query".equals(v.path("type").asText())) {
                checkTemplated(problems, d.uid() + " variable " + v.path("name").asText(), v.path("datasource"));
            }
        }
        for (JsonNode a : d.annotations()) {
            checkTemplated(problems, d.uid() + " annotation " + a.path("name").asText(), a.path("datasource"));
        }
        return problems;
    }

    /** panel-title-description-rule: every panel has a title and a description. */
    static List<String> panelTitleDescription(DashboardJson d) {
        List<String> problems = new ArrayList<>();
        for (JsonNode panel : d.queryPanels()) {
            if (panel.path("title").asText().isBlank() || panel.path("description").asText().isBlank()) {
                problems.add(where(d, panel) + ": has no title or no description");
            }
        }
        return problems;
    }

    /**
     * panel-units-rule: every panel has a valid Grafana unit. Stricter: heatmaps too, and their bucket
     * axis unit.
     */
    static List<String> panelUnits(DashboardJson d) {
        List<String> problems = new ArrayList<>();
        for (JsonNode panel : d.queryPanels()) {
            String unit = panel.path("fieldConfig").path("defaults").path("unit").asText();
            if (!GRAFANA_UNITS.contains(unit)) {
                problems.add(where(d, panel) + ": has no or an invalid unit: '" + unit + "'");
            }
            if ("heatmap".equals(panel.path("type").asText())) {
                String axisUnit = panel.path("options").path("yAxis").path("unit").asText();
                if (!GRAFANA_UNITS.contains(axisUnit)) {
                    problems.add(where(d, panel) + ": the bucket axis has no or an invalid unit: '" + axisUnit + "'");
                }
            }
        }
        return problems;
    }

    /** panel-no-targets-rule: every panel has at least one query, none of them empty. */
    static List<String> panelNoTargets(DashboardJson d) {
        List<String> problems = new ArrayList<>();
        for (JsonNode panel : d.queryPanels()) {
            if (panel.path("targets").isEmpty()) problems.add(where(d, panel) + ": has no targets");
            for (JsonNode target : panel.path("targets")) {
                if (target.path("expr").asText().isBlank()) {
                    problems.add(where(d, panel) + " target " + target.path("refId").asText() + ": has an empty expression");
                }
            }
        }
        return problems;
    }

    /**
     * target-rate-interval-rule: {@code rate}/{@code irate} ranges are {@code $__rate_interval}.
     * Stricter: every range is, whatever the function ({@code increase}, {@code deriv}, ...).
     */
    static List<String> targetRateInterval(DashboardJson d) {
        List<String> problems = new ArrayList<>();
        for (PanelQuery q : d.queries()) {
            for (PromQlScan.Range range : PromQlScan.of(q.expr()).ranges()) {
                if (!"$__rate_interval".equals(range.text())) {
                    problems.add(q.where() + ": " + range.function() + "(...[" + range.text()
                            + "]) should use [$__rate_interval]");
                }
            }
        }
        return problems;
    }

    /**
     * target-counter-agg-rule: a counter is only read through {@code rate}, {@code irate} or
     * {@code increase} of a range. Stricter: histogram series ({@code _bucket}, {@code _count},
     * {@code _sum}) are counters too.
     */
    static List<String> counterAggregation(DashboardJson d) {
        List<String> problems = new ArrayList<>();
        for (PanelQuery q : d.queries()) {
            for (PromQlScan.Selector s : PromQlScan.of(q.expr()).selectors()) {
                if (isCounterSeries(s.metric()) && (s.range() == null || !RATE_FUNCTIONS.contains(s.function()))) {
                    problems.add(q.where() + ": counter " + s.metric() + " is not inside rate, irate or increase of a range");
                }
            }
        }
        return problems;
    }

    /** template-job-rule: a {@code job} query variable on the data source variable, multi-select, "All" = {@code .+}. */
    static List<String> templateJob(DashboardJson d) {
        List<String> problems = new ArrayList<>();
        JsonNode job = d.variable("job");
        if (job == null) {
            problems.add(d.uid() + ": is missing the job variable");
            return problems;
        }
        check(problems, "query".equals(job.path("type").asText()), d.uid() + ": the job variable should be a Prometheus query");
        check(problems, TEMPLATED_UIDS.contains(job.path("datasource").path("uid").asText()),
                d.uid() + ": the job variable should use the datasource variable");
        check(problems, "Job".equals(job.path("label").asText()), d.uid() + ": the job variable should be labelled 'Job'");
        check(problems, job.path("multi").asBoolean(), d.uid() + ": the job variable should be a multi select");
        check(problems, job.path("includeAll").asBoolean(), d.uid() + ": the job variable should offer 'All'");
        check(problems, ".+".equals(job.path("allValue").asText()),
                d.uid() + ": the job variable's allValue should be '.+', is '" + job.path("allValue").asText() + "'");
        return problems;
    }

    /** target-job-rule: every selector matches {@code job=~"$job"}. */
    static List<String> targetJob(DashboardJson d) {
        List<String> problems = new ArrayList<>();
        for (PanelQuery q : d.queries()) {
            for (PromQlScan.Selector s : PromQlScan.of(q.expr()).selectors()) {
                if (!"=~\"$job\"".equals(s.matchers().get("job"))) {
                    problems.add(q.where() + ": " + s.metric() + " does not match job=~\"$job\"");
                }
            }
        }
        return problems;
    }

    /** uneditable-dashboard-rule: provisioned dashboards are not editable (the generator is the source). */
    static List<String> templateUneditable(DashboardJson d) {
        return d.root().path("editable").asBoolean(true)
                ? List.of(d.uid() + ": is editable; it should be 'editable: false'") : List.of();
    }

    /**
     * Not in the linter: the classic model at schema version 41 or 42, unique panel ids, and every
     * {@code $variable} an expression or title uses defined by the dashboard.
     */
    static List<String> classicModel(DashboardJson d) {
        List<String> problems = new ArrayList<>();
        int schema = d.root().path("schemaVersion").asInt();
        if (schema != 41 && schema != 42) problems.add(d.uid() + ": schemaVersion " + schema + ", wants 41 or 42");
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : d.panels()) {
            if (!ids.add(panel.path("id").asInt())) problems.add(where(d, panel) + ": duplicate panel id");
        }
        Set<String> defined = new HashSet<>();
        d.variables().forEach(v -> defined.add(v.path("name").asText()));
        List<String> uses = new ArrayList<>();
        d.queries().forEach(q -> uses.add(q.expr()));
        d.panels().forEach(p -> uses.add(p.path("title").asText()));
        d.variables().forEach(v -> uses.add(v.path("query").asText()));
        for (String text : uses) {
            Matcher m = VARIABLE_USE.matcher(text);
            while (m.find()) {
                String name = m.group(1) != null ? m.group(1) : m.group(2);
                if (!defined.contains(name) && !GRAFANA_MACROS.contains(name)) {
                    problems.add(d.uid() + ": uses $" + name + ", which is not a variable of the dashboard: " + text);
                }
            }
        }
        for (JsonNode panel : d.panels()) {
            String repeat = panel.path("repeat").asText("");
            if (!repeat.isEmpty() && !defined.contains(repeat)) {
                problems.add(where(d, panel) + ": repeats over $" + repeat + ", which is not a variable");
            }
        }
        return problems;
    }

    /** Whether a series is a counter by its name: {@code _total}, or a histogram's {@code _bucket}/{@code _count}/{@code _sum}. */
    static boolean isCounterSeries(String series) {
        return series.endsWith("_total") || series.endsWith("_bucket") || series.endsWith("_count")
                || series.endsWith("_sum");
    }

    /** Adds {@code problem} unless the rule {@code holds}. */
    private static void check(List<String> problems, boolean holds, String problem) {
        if (!holds) problems.add(problem);
    }

    private static void checkTemplated(List<String> problems, String where, JsonNode dataSource) {
        String uid = dataSource.path("uid").asText();
        if (!TEMPLATED_UIDS.contains(uid)) {
            problems.add(where + ": does not use the datasource variable; uses '" + uid + "'");
        }
    }

    private static String where(DashboardJson d, JsonNode panel) {
        return d.uid() + " panel " + panel.path("id").asInt() + " \"" + panel.path("title").asText() + "\"";
    }
}
