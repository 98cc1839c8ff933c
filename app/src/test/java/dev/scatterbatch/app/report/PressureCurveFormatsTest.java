package dev.scatterbatch.app.report;

import dev.scatterbatch.app.run.PressureCurve;
import dev.scatterbatch.model.cost.RestoreGranularity;
import dev.scatterbatch.model.scenario.Scenario;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A cell whose world stalled is a word everywhere, never a number, and no conclusion is drawn from it. */
class PressureCurveFormatsTest {

    private static final double NO_SCORE = Double.NaN;

    /** per-range stalls at 300 events/s; batch completes at both rates and beats per-range where both completed. */
    private static PressureCurve curve() {
        List<PressureCurve.Column> columns = List.of(
                new PressureCurve.Column(Scenario.PER_RANGE, RestoreGranularity.PER_RANGE, false),
                new PressureCurve.Column(Scenario.BATCH, RestoreGranularity.PER_RANGE, true));
        return new PressureCurve(List.of(0.0, 300.0), columns,
                new double[][]{{80_000, 187_469}, {NO_SCORE, 150_000}},
                new String[][]{{"completed", "completed"}, {"stalled", "completed"}});
    }

    @Test
    void theTableShowsStalledCellsAsStalledAndComparesOnlyWhereBothCompleted() {
        String table = PressureCurveFormats.table(curve(), "heading");
        assertThat(table).containsPattern("(?m)^ +300 +stalled +150,000$")
                .contains("batch (per-range restore): beats per-range at every rate where both completed; not compared at 300 events/s")
                .doesNotContain("beats per-range at every rate tried");
    }

    @Test
    void csvAndJsonGiveAStalledCellNoNumber() {
        assertThat(PressureCurveFormats.csv(curve())).contains("\n300,,150000.0\n");
        assertThat(PressureCurveFormats.json(curve())).contains("\"scores\" : [ 80000.0, null ]", "\"statuses\" : [ \"completed\", \"stalled\" ]");
    }

    @Test
    void whereBatchingStopsPayingIgnoresRatesWithoutAComparison() {
        assertThat(curve().stopsPayingAt(1, 0)).isNaN();
    }
}
