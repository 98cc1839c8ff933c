package dev.scatterbatch.app;

import dev.scatterbatch.app.report.BenchReport;
import dev.scatterbatch.app.report.ScenarioResult;
import dev.scatterbatch.app.run.PressureCurve;
import dev.scatterbatch.app.run.Benchmark;
import dev.scatterbatch.app.run.RunStatistics;
import dev.scatterbatch.app.run.Transport;
import dev.scatterbatch.app.run.WorldJob;
import dev.scatterbatch.app.run.WorldSpec;
import dev.scatterbatch.app.tune.AxisValue;
import dev.scatterbatch.app.tune.DesignMap;
import dev.scatterbatch.app.tune.MapCell;
import dev.scatterbatch.app.tune.ParallelMap;
import dev.scatterbatch.app.tune.SweepAxis;
import dev.scatterbatch.app.tune.SweepGrid;
import dev.scatterbatch.app.tune.SweepPoint;
import dev.scatterbatch.app.tune.WorldAxis;
import dev.scatterbatch.guest.memory.Fragmentation;
import dev.scatterbatch.guest.workload.BufferLifetime;
import dev.scatterbatch.guest.workload.BufferSpec;
import dev.scatterbatch.guest.workload.Workload;
import dev.scatterbatch.model.config.ByteSizes;
import dev.scatterbatch.model.cost.ConfigException;
import dev.scatterbatch.model.cost.Parameter;
import dev.scatterbatch.model.scenario.Scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs a design map: every design, and bare metal as the reference, at every point of a grid. All worlds are handed at
 * once to a runner (this machine's threads, or a cluster's workers) that returns their results in grid order, so the
 * map is the same whatever ran them and in whichever order; each runs within a
 * virtual-time budget of {@value #COLLAPSE_FACTOR} times the workload's unloaded bare-metal iteration per iteration:
 * a design slower than that has collapsed (it scores under 1/{@value #COLLAPSE_FACTOR} of the workload's reference)
 * and is reported as stalled, which keeps a collapsing world from costing minutes of wall time.
 */
final class DesignMaps {

    /** A design whose iterations take this many times the unloaded bare-metal iteration has collapsed. */
    static final int COLLAPSE_FACTOR = 20;
    /** Extra virtual time for registering run-lifetime buffers before the first iteration, as bench allows. */
    private static final long SETUP_ALLOWANCE_NS = 60_000_000_000L;

    private DesignMaps() {
    }

    /**
     * Runs the map of {@code designs} over {@code grid} around {@code base}, its worlds run by {@code runner} in two
     * batches: the score constants' reference worlds, then every cell's (whose budgets need the constants).
     *
     * @param runner what every job of a list reported, in order (such as {@link #onThreads}); {@link #steps} says how
     *               many jobs there will be in all
     */
    static DesignMap run(WorldSpec base, SweepGrid grid, List<Scenario> designs, String context,
                         Function<List<WorldJob>, List<RunStatistics>> runner) {
        Plan plan = plan(base, grid);
        List<WorldSpec> bases = plan.scoreConstants.keySet().stream().map(base::withWorkload).toList();
        List<RunStatistics> references = runner.apply(bases.stream().map(b -> WorldJob.of(Benchmark.scoreConstantWorld(b))).toList());
        for (int i = 0; i < bases.size(); i++) {
            plan.scoreConstants.put(bases.get(i).workload(), Benchmark.scoreConstant(bases.get(i), references.get(i)));
        }
        List<Scenario> all = new ArrayList<>(List.of(Scenario.BARE_METAL));
        all.addAll(designs.stream().filter(s -> s != Scenario.BARE_METAL).toList());
        List<WorldJob> jobs = new ArrayList<>();
        for (WorldSpec w : plan.worlds) {
            if (w == null) continue;
            long budget = budgetNs(w, plan.scoreConstants.get(w.workload()));
            // a VM that cannot boot (the host refuses to map its RAM) is that design failing in this cell, not the map failing
            for (Scenario s : all) jobs.add(new WorldJob(w.withScenario(s), budget, true));
        }
        List<RunStatistics> stats = runner.apply(jobs);
        List<MapCell> cells = new ArrayList<>();
        List<SweepPoint> points = grid.points();
        int next = 0;
        for (int c = 0; c < points.size(); c++) {
            WorldSpec w = plan.worlds.get(c);
            if (w == null) {
                cells.add(MapCell.notApplicable(points.get(c), plan.reasons.get(c)));
                continue;
            }
            List<RunStatistics> cellStats = stats.subList(next, next + all.size());
            next += all.size();
            BenchReport report = Benchmark.report(w, all, Transport.DIRECT.key(), plan.scoreConstants.get(w.workload()), cellStats);
            cells.add(MapCell.of(points.get(c), report));
        }
        return new DesignMap(grid, context, all.subList(1, all.size()).stream().map(Scenario::key).toList(), cells,
                operatingPoint(base, grid));
    }

    /** A runner of the map's jobs on {@code threads} of this machine, {@code onStep} hearing each one finish (progress). */
    static Function<List<WorldJob>, List<RunStatistics>> onThreads(int threads, Runnable onStep) {
        return jobs -> ParallelMap.map(jobs, WorldJob::run, threads, onStep);
    }

    /**
     * Each design's score against the map's {@code pressure} axis, the other axes at the operating point (NaN where a
     * design did not finish), or null when the map has no such axis.
     */
    static PressureCurve pressureCurve(DesignMap map, WorldSpec base) {
        List<SweepAxis> axes = map.grid().axes();
        int axis = -1;
        for (int a = 0; a < axes.size(); a++) if (axes.get(a).name().equals(WorldAxis.PRESSURE.key())) axis = a;
        if (axis < 0 || axes.get(axis).values().size() < 2) return null;
        int[] at = map.nearestToOperatingPoint();
        List<String> designs = map.designs();
        List<PressureCurve.Column> columns = designs.stream()
                .map(d -> new PressureCurve.Column(Scenario.parse(d), base.profile().restoreGranularity(), false)).toList();
        List<Double> rates = axes.get(axis).values().stream().map(AxisValue::number).toList();
        double[][] scores = new double[rates.size()][columns.size()];
        String[][] statuses = new String[rates.size()][columns.size()];
        for (int r = 0; r < rates.size(); r++) {
            at[axis] = r;
            MapCell cell = map.cellAt(at);
            for (int c = 0; c < columns.size(); c++) {
                String name = designs.get(c);
                ScenarioResult design = cell.designs().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
                scores[r][c] = design.completed() ? design.score() : Double.NaN;
                statuses[r][c] = design.status();
            }
        }
        return new PressureCurve(rates, columns, scores, statuses);
    }

    /** Jobs {@link #run} hands its runner, in all. */
    static int steps(WorldSpec base, SweepGrid grid, List<Scenario> designs) {
        Plan plan = plan(base, grid);
        long designCount = designs.stream().filter(s -> s != Scenario.BARE_METAL).count();
        long worlds = plan.worlds.stream().filter(w -> w != null).count();
        return (int) (plan.scoreConstants.size() + worlds * (designCount + 1));
    }

    /** Each cell's world (null where none can exist, with the reason), and the distinct workloads. */
    private record Plan(List<WorldSpec> worlds, List<String> reasons, Map<Workload, Double> scoreConstants) {
    }

    private static Plan plan(WorldSpec base, SweepGrid grid) {
        SweepWorlds builder = new SweepWorlds(base);
        List<WorldSpec> worlds = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        Map<Workload, Double> workloads = new LinkedHashMap<>();
        for (SweepPoint p : grid.points()) {
            try {
                WorldSpec w = builder.at(p);
                worlds.add(w);
                reasons.add(null);
                workloads.putIfAbsent(w.workload(), Double.NaN);
            } catch (ConfigException e) {
                worlds.add(null);
                reasons.add(String.join("; ", e.problems()));
            }
        }
        return new Plan(worlds, reasons, workloads);
    }

    /** {@value #COLLAPSE_FACTOR} unloaded bare-metal iterations (K / reference score) per iteration, plus setup. */
    static long budgetNs(WorldSpec w, double scoreConstant) {
        double unloadedIterationNs = scoreConstant / w.workload().scoreReference();
        long perIteration = (long) Math.ceil(COLLAPSE_FACTOR * unloadedIterationNs);
        boolean setup = w.workload().buffers().stream().anyMatch(b -> b.lifetime() == BufferLifetime.RUN);
        return Math.addExact(Math.multiplyExact((long) w.iterations(), perIteration), setup ? SETUP_ALLOWANCE_NS : 0);
    }

    /**
     * The value of each axis in {@code base} itself, the operating point the workload was published at: its first
     * buffer's ranges and range size, its pressure, guests and nesting, a parameter's value in its profile; a workload
     * field, which has no such value here, at its first value.
     */
    static List<AxisValue> operatingPoint(WorldSpec base, SweepGrid grid) {
        BufferSpec first = base.workload().buffers().getFirst();
        long runBytes = first.fragmentation() instanceof Fragmentation.FixedRuns f ? f.runPages() * ByteSizes.PAGE : ByteSizes.PAGE;
        List<AxisValue> out = new ArrayList<>();
        for (SweepAxis axis : grid.axes()) {
            out.add(switch (axis.target()) {
                case WORLD -> {
                    WorldAxis w = WorldAxis.byKey(axis.name()).orElseThrow();
                    yield w.value(switch (w) {
                        case PRESSURE -> Double.toString(base.pressure());
                        case GUESTS -> Integer.toString(base.guests());
                        case NESTED -> base.profile().nestedMultiplier() > 1 ? "on" : "off";
                        case RANGES_PER_BUFFER -> Long.toString(Math.max(1, first.sizeBytes() / runBytes));
                        case RANGE_SIZE -> ByteSizes.format(runBytes);
                    });
                }
                case PROFILE -> {
                    Parameter p = Parameter.byKey(axis.name()).orElseThrow();
                    Object v = base.profile().get(p);
                    yield axis.quantity().numeric() ? new AxisValue(p.format(v), p.asNumber(v)) : new AxisValue(p.format(v), 0);
                }
                case WORKLOAD -> axis.values().getFirst();
            });
        }
        return out;
    }
}
