package dev.scatterbatch.app.run;

import dev.scatterbatch.model.cost.Parameter;
import dev.scatterbatch.model.cost.RestoreGranularity;
import dev.scatterbatch.model.scenario.Scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Scores at a series of host memory pressures: for each rate of invalidating events per simulated second on
 * GPU-registered memory, each scenario's score (K fixed by the pressure-free bare-metal run, so scores compare
 * across rates). Batch scenarios appear once per restore granularity, since that is where they differ.
 *
 * @param rates    events per simulated second, in order
 * @param columns  what each score column is
 * @param scores   {@code scores[r][c]}: the score at {@code rates[r]} of {@code columns[c]}; NaN where that world
 *                 did not complete, which has no score
 * @param statuses {@code statuses[r][c]}: {@code completed}, {@code stalled} or {@code aborted}
 */
public record PressureCurve(List<Double> rates, List<Column> columns, double[][] scores, String[][] statuses) {

    /** One line of the curve: a scenario, under one restore granularity. */
    public record Column(Scenario scenario, RestoreGranularity granularity, boolean showGranularity) {
        /** The column's heading. */
        public String label() {
            return showGranularity ? scenario.key() + " (" + granularity.key() + " restore)" : scenario.key();
        }
    }

    /** Runs every scenario (batch ones under both granularities) at every rate. */
    public static PressureCurve run(WorldSpec base, List<Scenario> scenarios, List<Double> rates, Transport transport,
                                    IntConsumer progress) {
        double k = Benchmark.scoreConstant(base);
        List<Column> columns = new ArrayList<>();
        for (Scenario s : scenarios) {
            boolean batch = s.batchesRanges();
            if (batch) {
                for (RestoreGranularity g : List.of(RestoreGranularity.PER_RANGE, RestoreGranularity.WHOLE_BO)) columns.add(new Column(s, g, true));
            } else {
                columns.add(new Column(s, base.profile().restoreGranularity(), false));
            }
        }
        List<WorldSpec> specs = new ArrayList<>();
        for (double rate : rates) {
            for (Column c : columns) {
                specs.add(base.withScenario(c.scenario())
                        .withProfile(base.profile().with(Parameter.RESTORE_GRANULARITY, c.granularity())).withPressure(rate));
            }
        }
        List<RunStatistics> stats = Benchmark.runAll(specs, transport, progress);
        double[][] scores = new double[rates.size()][columns.size()];
        String[][] statuses = new String[rates.size()][columns.size()];
        for (int r = 0; r < rates.size(); r++) {
            for (int c = 0; c < columns.size(); c++) {
                RunStatistics s = stats.get(r * columns.size() + c);
                scores[r][c] = Benchmark.score(s, k);
                statuses[r][c] = s.status();
            }
        }
        return new PressureCurve(List.copyOf(rates), List.copyOf(columns), scores, statuses);
    }

    /**
     * The lowest rate at which {@code column} scores no better than {@code than} (where batching stops paying), or
     * NaN when it beats it at every rate where both completed. Rates where either did not complete say nothing.
     */
    public double stopsPayingAt(int column, int than) {
        for (int r = 0; r < rates.size(); r++) {
            if (comparable(r, column, than) && scores[r][column] <= scores[r][than]) return rates.get(r);
        }
        return Double.NaN;
    }

    /** Whether both columns completed at rate index {@code r}, so their scores compare. */
    public boolean comparable(int r, int column, int than) {
        return !Double.isNaN(scores[r][column]) && !Double.isNaN(scores[r][than]);
    }
}
