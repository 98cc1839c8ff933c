package dev.scatterbatch.dashboards.harness;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A dashboard's expressions as a Prometheus rules file, one recording rule per query
 * ({@code record: dashboard:<uid>:panel_<id>_<refId>}), macros expanded, so {@code promtool check rules}
 * checks their PromQL. Written as JSON, which is YAML.
 */
public final class RecordingRules {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordingRules() {
    }

    /** One rule per query of {@code dashboard}, evaluated with every variable at its "All" value. */
    public static List<Map<String, String>> of(DashboardJson dashboard) {
        return dashboard.queries().stream()
                .map(q -> Map.of("record", q.recordName(), "expr", GrafanaMacros.expand(q.expr(), dashboard.allValues())))
                .toList();
    }

    /** Writes {@code rules} as one rule group named {@code group} to {@code file}. */
    public static void write(String group, List<Map<String, String>> rules, Path file) throws IOException {
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(),
                Map.of("groups", List.of(Map.of("name", group, "rules", rules))));
    }
}
