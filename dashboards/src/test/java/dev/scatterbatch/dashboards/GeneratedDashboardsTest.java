package dev.scatterbatch.dashboards;

import dev.scatterbatch.dashboards.harness.DashboardJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The committed dashboards are exactly what the generator writes, so provisioning never needs the generator. */
class GeneratedDashboardsTest {

    private static final String REGENERATE =
            "regenerate them from the repository root with: mvn -q install -DskipTests && mvn -q -pl dashboards exec:java";

    @Test
    void committedDashboardsEqualAFreshGeneration() throws IOException {
        Path committed = DashboardJson.moduleDirectory().resolve("grafana");
        for (Map.Entry<String, String> file : DashboardGenerator.files().entrySet()) {
            Path path = committed.resolve(file.getKey());
            assertThat(path).as("%s is missing; %s", path, REGENERATE).exists();
            assertThat(Files.readString(path)).as("%s differs from the generator's output; %s", path, REGENERATE)
                    .isEqualTo(file.getValue());
        }
    }

    @Test
    void noStaleDashboardIsCommitted() throws IOException {
        try (Stream<Path> files = Files.list(DashboardJson.moduleDirectory().resolve("grafana"))) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .as("files in dashboards/grafana the generator no longer writes")
                    .containsExactlyInAnyOrderElementsOf(DashboardGenerator.files().keySet());
        }
    }

    @Test
    void generationIsReproducible() {
        assertThat(DashboardGenerator.files()).isEqualTo(DashboardGenerator.files());
    }

    @Test
    void writeCreatesOneFilePerDashboardNamedByUid(@TempDir Path dir) throws IOException {
        DashboardGenerator.write(dir.resolve("out"));
        try (Stream<Path> files = Files.list(dir.resolve("out"))) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder("scatterbatch-overview.json", "scatterbatch-detail.json");
        }
        assertThat(Files.readString(dir.resolve("out/scatterbatch-overview.json")))
                .startsWith("{\n  \"uid\": \"scatterbatch-overview\",").endsWith("}\n").doesNotContain("\r");
    }
}
