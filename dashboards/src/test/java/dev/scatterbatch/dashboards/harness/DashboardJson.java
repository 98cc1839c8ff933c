package dev.scatterbatch.dashboards.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A dashboard as Grafana reads it: the JSON file, not the builder that wrote it, so every check here holds
 * for what is provisioned.
 *
 * @param file where it was read from
 * @param root the parsed JSON
 */
public record DashboardJson(Path file, JsonNode root) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The module directory ({@code dashboards/}): Surefire's {@code basedir}, else the working directory. */
    public static Path moduleDirectory() {
        return Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    }

    /** Every committed dashboard, {@code dashboards/grafana/*.json}, by file name. */
    public static List<DashboardJson> committed() {
        Path directory = moduleDirectory().resolve("grafana");
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().map(DashboardJson::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the dashboards in " + directory, e);
        }
    }

    /** The committed dashboard {@code uid}. */
    public static DashboardJson committed(String uid) {
        return committed().stream().filter(d -> d.uid().equals(uid)).findFirst()
                .orElseThrow(() -> new AssertionError("no committed dashboard " + uid));
    }

    /** Reads one dashboard file. */
    public static DashboardJson read(Path file) {
        try {
            return new DashboardJson(file, JSON.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dashboard " + file, e);
        }
    }

    /** A dashboard from JSON text (for tests of the checks themselves). */
    public static DashboardJson parse(String name, String json) {
        try {
            return new DashboardJson(Path.of(name), JSON.readTree(json));
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + name, e);
        }
    }

    /** The dashboard's uid. */
    public String uid() {
        return root.path("uid").asText();
    }

    /** Every panel, rows included, with the panels of collapsed rows. */
    public List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : root.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    /** The panels that query data: every panel but rows. */
    public List<JsonNode> queryPanels() {
        return panels().stream().filter(p -> !"row".equals(p.path("type").asText())).toList();
    }

    /** The template variables. */
    public List<JsonNode> variables() {
        List<JsonNode> variables = new ArrayList<>();
        root.path("templating").path("list").forEach(variables::add);
        return variables;
    }

    /** The annotation queries. */
    public List<JsonNode> annotations() {
        List<JsonNode> annotations = new ArrayList<>();
        root.path("annotations").path("list").forEach(annotations::add);
        return annotations;
    }

    /** The variable named {@code name}, or null. */
    public JsonNode variable(String name) {
        return variables().stream().filter(v -> name.equals(v.path("name").asText())).findFirst().orElse(null);
    }

    /**
     * What each query variable's "All" expands to ({@code allValue}, e.g. {@code .+}): the values under
     * which a test evaluates the expressions.
     */
    public Map<String, String> allValues() {
        Map<String, String> values = new LinkedHashMap<>();
        for (JsonNode v : variables()) {
            if ("query".equals(v.path("type").asText())) values.put(v.path("name").asText(), v.path("allValue").asText());
        }
        return values;
    }

    /** Every PromQL expression of the dashboard: each panel target, then each annotation. */
    public List<PanelQuery> queries() {
        List<PanelQuery> queries = new ArrayList<>();
        for (JsonNode panel : queryPanels()) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(new PanelQuery(uid(), panel.path("id").asInt(), panel.path("title").asText(),
                        target.path("refId").asText(), target.path("expr").asText(),
                        target.path("legendFormat").asText()));
            }
        }
        int n = 0;
        for (JsonNode annotation : annotations()) {
            n++;
            queries.add(new PanelQuery(uid(), 0, "annotation " + annotation.path("name").asText(), "annotation" + n,
                    annotation.path("expr").asText(), ""));
        }
        return queries;
    }

    /**
     * The expression of target {@code refId} of the panel titled {@code panelTitle}, expanded as Grafana would
     * at every variable's "All" ({@link GrafanaMacros#expand(String, Map)}).
     */
    public String expandedQuery(String panelTitle, String refId) {
        PanelQuery q = queries().stream().filter(x -> x.panelTitle().equals(panelTitle) && x.refId().equals(refId))
                .findFirst().orElseThrow(() -> new AssertionError("no panel '" + panelTitle + "' " + refId + " in " + uid()));
        return GrafanaMacros.expand(q.expr(), allValues());
    }

    @Override
    public String toString() {
        return file.getFileName().toString();
    }
}
