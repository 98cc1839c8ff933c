package dev.scatterbatch.app.tune;

import dev.scatterbatch.app.report.BenchReport;
import dev.scatterbatch.model.cost.ProfileLoader;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.scenario.Scenario;

import java.util.List;

/** Runs a sweep grid over the {@link ToyModel}: profile axes change the profile, {@code runPages} the range count. */
final class ToySweep {

    static final List<Scenario> SCENARIOS = List.of(Scenario.BARE_METAL, Scenario.PER_RANGE, Scenario.BATCH);
    private static final String RUN_PAGES = "buffers[0].fragmentation.runPages=";

    private ToySweep() {
    }

    static SweepResult run(List<String> varies) {
        SweepGrid grid = SweepGrid.parse(varies, false);
        List<BenchReport> reports = ParallelMap.map(grid.points(), ToySweep::report, 2, () -> { });
        return new SweepResult(grid, "workload toy, profile default, seed 42", reports);
    }

    private static BenchReport report(SweepPoint point) {
        TrapCostProfile profile = ProfileLoader.applyOverrides(ToyModel.TOY, point.profileAssignments());
        ToyModel model = ToyModel.seed();
        for (String w : point.workloadAssignments()) {
            if (w.startsWith(RUN_PAGES)) model = model.withRanges(model.pages() / Long.parseLong(w.substring(RUN_PAGES.length())));
        }
        return model.report(profile, SCENARIOS);
    }
}
