package dev.scatterbatch.app.tune;

import dev.scatterbatch.app.report.BenchReport;
import dev.scatterbatch.app.report.ScenarioResult;
import dev.scatterbatch.model.cost.Component;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class MapCellTest {

    private static final SweepGrid GRID = SweepGrid.parse(List.of("pressure=0,100"), false);

    /** A result whose iteration is {@code compute} + {@code kfdFixed} ns, scored K / iteration with K = 1e12. */
    private static ScenarioResult result(String name, long computeNs, long kfdFixedNs, int iterations, String error) {
        Map<String, Long> attribution = new LinkedHashMap<>();
        for (Component c : Component.values()) attribution.put(c.key(), 0L);
        attribution.put(Component.COMPUTE.key(), computeNs);
        attribution.put(Component.KFD_FIXED.key(), kfdFixedNs);
        long iteration = computeNs + kfdFixedNs;
        return new ScenarioResult(name, 1e12 / iteration, Double.NaN, iteration, iterations,
                new ScenarioResult.PerBuffer(2, 2, 2, 500), attribution, 0, new ScenarioResult.Pressure(0, 0, 0, 0), error,
                error == null ? "completed" : error.startsWith("stalled") ? "stalled" : "aborted");
    }

    private static MapCell cell(ScenarioResult... designs) {
        List<ScenarioResult> all = new ArrayList<>(List.of(result("bare-metal", 40_000_000, 0, 3, null)));
        all.addAll(List.of(designs));
        return MapCell.of(GRID.points().getFirst(), new BenchReport("default", "w", 42, "direct", 1, all));
    }

    @Test
    void winnerRunnerUpMarginAndDecidingComponentComeFromTheFinishedDesigns() {
        MapCell c = cell(result("per-range", 45_000_000, 40_000_000, 3, null), result("batch", 45_000_000, 80_000, 3, null));
        assertThat(c.winner().name()).isEqualTo("batch");
        assertThat(c.runnerUp().name()).isEqualTo("per-range");
        assertThat(c.marginPercent()).isCloseTo(100.0 * (85_000_000.0 / 45_080_000 - 1), offset(1e-9));
        assertThat(c.deciding()).isEqualTo(Component.KFD_FIXED);
        assertThat(c.decidingSavingNs()).isEqualTo(40_000_000 - 80_000);
        assertThat(c.summary()).startsWith("batch ").contains("over per-range", "in kfdFixed");
    }

    @Test
    void aStalledDesignNeverWinsEvenWithTheBestPartialScore() {
        ScenarioResult stalled = result("batch", 1_000, 0, 1, "stalled: an iteration did not finish within the 3 s virtual-time budget");
        MapCell c = cell(result("per-range", 45_000_000, 40_000_000, 3, null), stalled);
        assertThat(stalled.score()).isGreaterThan(c.designs().getFirst().score());
        assertThat(c.winner().name()).isEqualTo("per-range");
        assertThat(c.runnerUp()).isNull();
        assertThat(c.marginPercent()).isNaN();
        assertThat(MapCell.status(stalled)).isEqualTo("stalled");
        assertThat(c.summary()).contains("per-range", "batch stalled").doesNotContain("1,000,000,000");
    }

    @Test
    void aFailedRegistrationIsReportedWithItsErrorAndWithoutAScore() {
        ScenarioResult failed = result("mremap", 45_000_000, 0, 0, "guest 0: mremap failed: ENOMEM");
        MapCell c = cell(failed);
        assertThat(c.winner()).isNull();
        assertThat(MapCell.status(failed)).isEqualTo("failed: guest 0: mremap failed: ENOMEM");
        assertThat(c.summary()).isEqualTo("no design ran to the end (mremap failed: guest 0: mremap failed: ENOMEM)");
    }

    @Test
    void designsScoringExactlyAsTheWinnerWinWithItAndTheRunnerUpIsTheNextScoreDown() {
        MapCell c = cell(result("per-range", 45_000_000, 40_000_000, 3, null), result("batch", 45_000_000, 80_000, 3, null),
                result("batch-v4", 45_000_000, 80_000, 3, null));
        assertThat(c.winner().name()).isEqualTo("batch");
        assertThat(c.winnerName()).isEqualTo("batch=batch-v4");
        assertThat(c.runnerUp().name()).isEqualTo("per-range");
        assertThat(c.deciding()).isEqualTo(Component.KFD_FIXED);
        assertThat(c.summary()).startsWith("batch=batch-v4 ").contains("over per-range");
        MapCell onlyTied = cell(result("batch", 45_000_000, 80_000, 3, null), result("batch-v4", 45_000_000, 80_000, 3, null));
        assertThat(onlyTied.runnerUp()).isNull();
        assertThat(onlyTied.marginPercent()).isNaN();
        assertThat(onlyTied.summary()).endsWith("no other design finished");
    }

    @Test
    void aPointWithoutAWorldSaysWhy() {
        MapCell c = MapCell.notApplicable(GRID.points().getFirst(), "buffers: need 16TiB");
        assertThat(c.winner()).isNull();
        assertThat(c.summary()).isEqualTo("n/a: buffers: need 16TiB");
    }
}
