package dev.scatterbatch.app;

import dev.scatterbatch.app.run.WorldSpec;
import dev.scatterbatch.app.tune.AxisValue;
import dev.scatterbatch.app.tune.SweepAxis;
import dev.scatterbatch.app.tune.SweepGrid;
import dev.scatterbatch.app.tune.SweepPoint;
import dev.scatterbatch.guest.workload.Workload;
import dev.scatterbatch.guest.workload.WorkloadLoader;
import dev.scatterbatch.model.cost.ConfigException;
import dev.scatterbatch.model.cost.ProfileLoader;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The world of every point of a sweep, all built (and so all validated) before any runs: a workload field that
 * does not exist, or a value it refuses, is reported naming its {@code --vary} and nothing has run.
 */
final class SweepWorlds {

    private SweepWorlds() {
    }

    /** One world per point of {@code grid}, in grid order: {@code base} with the point's values applied. */
    static List<WorldSpec> of(WorldSpec base, SweepGrid grid) {
        List<String> problems = new ArrayList<>();
        for (SweepAxis axis : grid.axes()) {
            if (axis.target() != SweepAxis.Target.WORKLOAD) continue;
            for (AxisValue v : axis.values()) {
                try {
                    WorkloadLoader.withOverrides(base.workload(), List.of(axis.assignment(v)));
                } catch (ConfigException e) {
                    problems.add("--vary " + axis.spec() + ": " + String.join("; ", e.problems()));
                    break; // one problem per --vary: the rest of its values usually fail alike
                }
            }
        }
        if (!problems.isEmpty()) throw new ConfigException(problems);
        Map<List<String>, Workload> workloads = new HashMap<>();
        List<WorldSpec> out = new ArrayList<>();
        for (SweepPoint point : grid.points()) {
            Workload w = workloads.computeIfAbsent(point.workloadAssignments(), changes -> combined(base.workload(), changes));
            out.add(base.withProfile(ProfileLoader.applyOverrides(base.profile(), point.profileAssignments())).withWorkload(w));
        }
        return out;
    }

    /** The workload with several varied fields at once, which can clash where each alone is fine. */
    private static Workload combined(Workload base, List<String> changes) {
        try {
            return WorkloadLoader.withOverrides(base, changes);
        } catch (ConfigException e) {
            throw new ConfigException("--vary: the combination " + String.join(", ", changes) + " is not a valid workload: "
                    + String.join("; ", e.problems()));
        }
    }
}
