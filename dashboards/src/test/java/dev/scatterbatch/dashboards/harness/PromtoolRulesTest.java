package dev.scatterbatch.dashboards.harness;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every dashboard expression is valid PromQL, as promtool parses it. */
class PromtoolRulesTest {

    static List<DashboardJson> dashboards() {
        return DashboardJson.committed();
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void everyPanelAndAnnotationExpressionPassesPromtoolCheckRules(DashboardJson dashboard, @TempDir Path dir)
            throws IOException {
        List<Map<String, String>> rules = RecordingRules.of(dashboard);
        Path file = dir.resolve(dashboard.uid() + ".rules.yml");
        RecordingRules.write("dashboard:" + dashboard.uid(), rules, file);

        Promtool.Result result = Promtool.checkRules(file);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: " + rules.size() + " rules found");
        assertThat(rules).hasSize(dashboard.queries().size()).isNotEmpty();
    }

    @Test
    void anExpressionThatDoesNotParseFailsTheCheck(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.rules.yml");
        RecordingRules.write("bad", List.of(Map.of("record", "bad:rule", "expr", "sum(rate(x_total[1m])")), file);

        Promtool.Result result = Promtool.checkRules(file);

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("parse error");
    }

    @Test
    void aMissingToolFailsNamingHowToGetIt() {
        assertThatThrownBy(() -> PrometheusBinaries.find("no-such-promtool"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("no-such-promtool was not found")
                .hasMessageContaining("./scatterbatch test or .ci/run");
    }
}
