package dev.scatterbatch.dashboards;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Grafana dashboard in the classic JSON model (the file-provisioning format), schema version
 * {@value #SCHEMA_VERSION}. Not editable in the UI: the generator is the source.
 *
 * @param uid           stable id, used in URLs and in {@code target/dashboard-render/<uid>/}
 * @param title         the dashboard's name
 * @param description   what it is for
 * @param tags          search tags
 * @param editable      always false
 * @param graphTooltip  1: shared crosshair across panels
 * @param schemaVersion {@value #SCHEMA_VERSION}
 * @param version       1 (provisioning owns the version)
 * @param refresh       the auto-refresh interval
 * @param time          the initial time range
 * @param timezone      {@code browser}
 * @param templating    the template variables
 * @param annotations   the annotation queries
 * @param panels        the panels, in grid order
 */
public record Dashboard(String uid, String title, String description, List<String> tags, boolean editable,
                        int graphTooltip, int schemaVersion, int version, String refresh, Map<String, String> time,
                        String timezone, Map<String, List<Variable>> templating,
                        Map<String, List<Annotation>> annotations, List<Panel> panels) {

    /** The classic model's schema version that every Grafana from 11 on provisions. */
    public static final int SCHEMA_VERSION = 41;

    private static final int GRID_COLUMNS = 24;

    /** Starts a dashboard with id {@code uid}. */
    public static Builder builder(String uid, String title, String description) {
        return new Builder(uid, title, description);
    }

    /** The template variables. */
    public List<Variable> variables() {
        return templating.get("list");
    }

    /** The annotation queries. */
    public List<Annotation> annotationQueries() {
        return annotations.get("list");
    }

    /**
     * Collects variables, annotations and panels, and lays the panels out left to right on the 24-column
     * grid, starting a new line when a panel does not fit. A repeated panel gets a line of its own, which
     * its copies fill. Panels are numbered from 1 in that order.
     */
    public static final class Builder {
        private final String uid;
        private final String title;
        private final String description;
        private final List<String> tags = new ArrayList<>();
        private final List<Variable> variables = new ArrayList<>();
        private final List<Annotation> annotations = new ArrayList<>();
        private final List<Panel> panels = new ArrayList<>();
        private int x;
        private int y;
        private int lineHeight;

        private Builder(String uid, String title, String description) {
            this.uid = uid;
            this.title = title;
            this.description = description;
        }

        /** Adds search tags. */
        public Builder tags(String... tags) {
            this.tags.addAll(List.of(tags));
            return this;
        }

        /** Adds a template variable; variables appear in the order added. */
        public Builder variable(Variable variable) {
            variables.add(variable);
            return this;
        }

        /** Adds an annotation query. */
        public Builder annotation(Annotation annotation) {
            annotations.add(annotation);
            return this;
        }

        /** Starts a new line with a row header titled {@code title}. */
        public Builder row(String title) {
            newLine();
            place(Panel.row(title), GRID_COLUMNS, 1);
            newLine();
            return this;
        }

        /** Adds {@code panel}, {@code width} columns wide and {@code height} grid rows high. */
        public Builder panel(int width, int height, Panel panel) {
            if (width < 1 || width > GRID_COLUMNS) {
                throw new IllegalArgumentException("panel '" + panel.title() + "' is " + width
                        + " columns wide; the grid has 1 to " + GRID_COLUMNS);
            }
            boolean repeated = panel.repeat() != null;
            if (repeated || x + width > GRID_COLUMNS) newLine();
            place(panel, width, height);
            if (repeated) newLine();
            return this;
        }

        private void place(Panel panel, int width, int height) {
            panels.add(panel.placed(panels.size() + 1, new GridPos(height, width, x, y)));
            x += width;
            lineHeight = Math.max(lineHeight, height);
        }

        private void newLine() {
            y += lineHeight;
            x = 0;
            lineHeight = 0;
        }

        /** The dashboard. */
        public Dashboard build() {
            return new Dashboard(uid, title, description, List.copyOf(tags), false, 1, SCHEMA_VERSION, 1, "5s",
                    Map.of("from", "now-15m", "to", "now"), "browser", Map.of("list", List.copyOf(variables)),
                    Map.of("list", List.copyOf(annotations)), List.copyOf(panels));
        }
    }
}
