package dev.scatterbatch.dashboards;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes every scatterbatch dashboard as Grafana JSON, one {@code <uid>.json} per dashboard. The output is
 * byte-for-byte reproducible (sorted map keys, two-space indent, LF line ends), so the committed files
 * can be checked against a fresh generation.
 *
 * <p>Run from the repository root: {@code mvn -q install -DskipTests && mvn -q -pl dashboards exec:java}
 * (writes {@code dashboards/grafana/}).
 */
public final class DashboardGenerator {

    private static final ObjectWriter WRITER = writer();

    private DashboardGenerator() {
    }

    /** Every dashboard, in file-name order. */
    public static List<Dashboard> all() {
        return List.of(DetailDashboard.build(), OverviewDashboard.build());
    }

    /** The JSON files of every dashboard: file name to content. */
    public static Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        for (Dashboard dashboard : all()) files.put(fileName(dashboard), toJson(dashboard));
        return files;
    }

    /** The file a dashboard is written to: {@code <uid>.json}. */
    public static String fileName(Dashboard dashboard) {
        return dashboard.uid() + ".json";
    }

    /** The dashboard as Grafana classic JSON, ending with a newline. */
    public static String toJson(Dashboard dashboard) {
        try {
            return WRITER.writeValueAsString(dashboard) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("dashboard " + dashboard.uid() + " cannot be written as JSON", e);
        }
    }

    /** Writes every dashboard into {@code directory}, creating it if needed. */
    public static void write(Path directory) throws IOException {
        Files.createDirectories(directory);
        for (Map.Entry<String, String> file : files().entrySet()) {
            Files.writeString(directory.resolve(file.getKey()), file.getValue());
        }
    }

    /** Writes the dashboards to the directory given as the only argument. */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: DashboardGenerator <output directory> (the repository's dashboards/grafana)");
            System.exit(2);
        }
        Path directory = Path.of(args[0]);
        try {
            write(directory);
        } catch (IOException | UncheckedIOException e) {
            System.err.println("cannot write the dashboards to " + directory.toAbsolutePath() + ": " + e.getMessage());
            System.exit(1);
        }
        System.out.println("wrote " + files().keySet() + " to " + directory.toAbsolutePath());
    }

    private static ObjectWriter writer() {
        ObjectMapper mapper = new ObjectMapper()
                .setSerializationInclusion(JsonInclude.Include.NON_NULL)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
        return mapper.writer(new GrafanaPrettyPrinter());
    }

    /** Indents as Grafana's own export does: {@code "key": value}, LF line ends, {@code []} when empty. */
    private static final class GrafanaPrettyPrinter extends DefaultPrettyPrinter {

        GrafanaPrettyPrinter() {
            super(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));
            DefaultIndenter lf = new DefaultIndenter("  ", "\n");
            indentObjectsWith(lf);
            indentArraysWith(lf);
        }

        private GrafanaPrettyPrinter(GrafanaPrettyPrinter base) {
            super(base);
        }

        @Override
        public DefaultPrettyPrinter createInstance() {
            return new GrafanaPrettyPrinter(this);
        }

        @Override
        public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
            if (nrOfValues > 0) super.writeEndArray(g, nrOfValues);
            else closeEmpty(g, ']');
        }

        @Override
        public void writeEndObject(JsonGenerator g, int nrOfEntries) throws IOException {
            if (nrOfEntries > 0) super.writeEndObject(g, nrOfEntries);
            else closeEmpty(g, '}');
        }

        /** Closes an empty array or object right after it opened: {@code []} rather than {@code [ ]}. */
        private void closeEmpty(JsonGenerator g, char close) throws IOException {
            _nesting--;
            g.writeRaw(close);
        }
    }
}
