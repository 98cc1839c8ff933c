package dev.scatterbatch.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.scatterbatch.dashboards.harness.DashboardJson;
import dev.scatterbatch.dashboards.harness.Promtool;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provisioning files, the Prometheus configuration and docker-compose.yml agree with each other and
 * with the dashboards (Docker cannot run here, so this is what checks them).
 */
class ProvisioningFilesTest {

    private static final Path MODULE = DashboardJson.moduleDirectory();
    private static final YAMLMapper YAML = new YAMLMapper();

    private static JsonNode yaml(String path) throws IOException {
        return YAML.readTree(MODULE.resolve(path).toFile());
    }

    @Test
    void thePrometheusConfigurationPassesPromtoolCheckConfig() {
        Promtool.Result result = Promtool.checkConfig(MODULE.resolve("prometheus/prometheus.yml"));
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void prometheusScrapesServeAtTheIntervalGrafanaAssumes() throws IOException {
        JsonNode prometheus = yaml("prometheus/prometheus.yml");
        JsonNode dataSource = yaml("provisioning/datasources/prometheus.yaml").path("datasources").get(0);

        assertThat(prometheus.path("global").path("scrape_interval").asText())
                .isEqualTo(dataSource.path("jsonData").path("timeInterval").asText());
        JsonNode job = prometheus.path("scrape_configs").get(0);
        assertThat(job.path("metrics_path").asText()).isEqualTo("/metrics");
        assertThat(job.path("static_configs").get(0).path("targets").get(0).asText()).isEqualTo("scatterbatch:9464");
    }

    @Test
    void theProvisionedDataSourceIsTheOneTheDashboardsSelectByDefault() throws IOException {
        JsonNode dataSource = yaml("provisioning/datasources/prometheus.yaml").path("datasources").get(0);
        assertThat(dataSource.path("type").asText()).isEqualTo("prometheus");
        for (DashboardJson d : DashboardJson.committed()) {
            assertThat(d.variable("datasource").path("current").path("value").asText())
                    .as(d.uid()).isEqualTo(dataSource.path("uid").asText());
        }
    }

    @Test
    void composeMountsTheDashboardsWhereTheProviderLooksAndEveryMountedFileExists() throws IOException {
        JsonNode services = yaml("docker-compose.yml").path("services");
        JsonNode grafana = services.path("grafana");
        String dashboardsDir = grafana.path("environment").path("SCATTERBATCH_DASHBOARDS_DIR").asText();

        assertThat(yaml("provisioning/dashboards/scatterbatch.yaml").path("providers").get(0).path("options")
                .path("path").asText()).isEqualTo("${SCATTERBATCH_DASHBOARDS_DIR}");
        assertThat(grafana.path("volumes").toString()).contains("./grafana:" + dashboardsDir + ":ro");
        assertThat(grafana.path("environment").path("SCATTERBATCH_PROMETHEUS_URL").asText()).isEqualTo("http://prometheus:9090");
        String home = grafana.path("environment").path("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH").asText();
        assertThat(home).startsWith(dashboardsDir + "/");
        assertThat(MODULE.resolve("grafana").resolve(home.substring(dashboardsDir.length() + 1))).exists();

        List<Path> mounted = new ArrayList<>();
        services.forEach(service -> service.path("volumes").forEach(v -> {
            String source = v.asText().split(":")[0];
            if (source.startsWith(".")) mounted.add(MODULE.resolve(source).normalize());
        }));
        assertThat(mounted).isNotEmpty().allSatisfy(p -> assertThat(p).exists());
    }

    @Test
    void composeBuildsScatterbatchFromTheRepositoryAndServesOnEveryInterfaceWithAToken() throws IOException {
        JsonNode scatterbatch = yaml("docker-compose.yml").path("services").path("scatterbatch");
        Path context = MODULE.resolve(scatterbatch.path("build").path("context").asText()).normalize();

        assertThat(context.resolve("scatterbatch")).exists();
        assertThat(context.resolve(scatterbatch.path("build").path("dockerfile").asText())).exists();
        assertThat(scatterbatch.path("command").toString())
                .startsWith("[\"serve\",\"--bind\",\"0.0.0.0\",\"--port\",\"9464\"");
        // serve refuses a non-loopback address without a token for PUT /api/params
        assertThat(scatterbatch.path("environment").path("SCATTERBATCH_TOKEN").asText()).isNotBlank();
        assertThat(scatterbatch.path("ports").get(0).asText()).isEqualTo("9464:9464");
        assertThat(Files.readString(MODULE.resolve("scatterbatch.Dockerfile"))).contains("FROM eclipse-temurin:25-jdk");
    }
}
