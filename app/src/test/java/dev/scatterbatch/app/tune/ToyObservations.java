package dev.scatterbatch.app.tune;

import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.scenario.Scenario;

import java.util.List;
import java.util.function.Function;

/**
 * Scores of the {@link ToyModel} for a list of (scenario, ranges per buffer) observations: the stand-in for the
 * simulated scores that {@code calibrate} fits to.
 *
 * @param points the observations
 */
record ToyObservations(List<Point> points) implements Function<TrapCostProfile, double[]> {

    /** One observation: a scenario at a range count. */
    record Point(Scenario scenario, long ranges) {
    }

    /** bare metal, per-range and batch on the seed workload (R = 500). */
    static ToyObservations seed() {
        return new ToyObservations(List.of(new Point(Scenario.BARE_METAL, 500), new Point(Scenario.PER_RANGE, 500),
                new Point(Scenario.BATCH, 500)));
    }

    /** The seed observations plus per-range and batch at 4000 single-page ranges. */
    static ToyObservations seedAndScattered() {
        return new ToyObservations(List.of(new Point(Scenario.BARE_METAL, 500), new Point(Scenario.PER_RANGE, 500),
                new Point(Scenario.BATCH, 500), new Point(Scenario.PER_RANGE, 4000), new Point(Scenario.BATCH, 4000)));
    }

    @Override
    public double[] apply(TrapCostProfile p) {
        return points.stream().mapToDouble(o -> ToyModel.seed().withRanges(o.ranges()).score(p, o.scenario())).toArray();
    }
}
