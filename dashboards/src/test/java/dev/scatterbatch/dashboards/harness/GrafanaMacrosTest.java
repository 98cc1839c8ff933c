package dev.scatterbatch.dashboards.harness;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GrafanaMacrosTest {

    @Test
    void theRateIntervalAndBothVariableFormsAreExpanded() {
        assertThat(GrafanaMacros.expand("rate(x{job=~\"$job\", cmd=~\"${cmd}\"}[$__rate_interval])",
                Map.of("job", ".+", "cmd", "A")))
                .isEqualTo("rate(x{job=~\".+\", cmd=~\"A\"}[1m])");
        assertThat(GrafanaMacros.expand("rate(x[$__rate_interval])", Map.of(), "4000ms")).isEqualTo("rate(x[4000ms])");
    }

    @Test
    void aVariableTheDashboardDoesNotDefineIsRejectedByName() {
        assertThatThrownBy(() -> GrafanaMacros.expand("x{a=~\"$nope\"}", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("$nope");
    }

    @Test
    void aSingleValueBecomesALiteralRegexInsideAPromQlString() {
        assertThat(GrafanaMacros.regexLiteral("scatterbatch.kfd")).isEqualTo("scatterbatch\\\\.kfd");
        assertThat(GrafanaMacros.regexLiteral("ALLOC_MEMORY_OF_GPU")).isEqualTo("ALLOC_MEMORY_OF_GPU");
    }

    @Test
    void theRateIntervalIsFourScrapesOrOneStepAndAScrapeWhicheverIsLonger() {
        assertThat(GrafanaMacros.rateInterval(Duration.ofSeconds(1), Duration.ofSeconds(1))).isEqualTo("4000ms");
        assertThat(GrafanaMacros.rateInterval(Duration.ofSeconds(15), Duration.ofSeconds(5))).isEqualTo("20000ms");
        assertThat(GrafanaMacros.rateInterval(Duration.ofSeconds(30), Duration.ofSeconds(5))).isEqualTo("35000ms");
    }
}
