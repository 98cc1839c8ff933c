package dev.scatterbatch.app;

import dev.scatterbatch.app.run.Benchmark;
import dev.scatterbatch.app.run.RunStatistics;
import dev.scatterbatch.app.run.WorldRunner;
import dev.scatterbatch.app.run.WorldSpec;
import dev.scatterbatch.app.tune.Observation;
import dev.scatterbatch.app.tune.Observations;
import dev.scatterbatch.guest.workload.Workload;
import dev.scatterbatch.guest.workload.WorkloadLoader;
import dev.scatterbatch.model.cost.ConfigException;
import dev.scatterbatch.model.cost.ProfileLoader;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.scenario.Scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The simulation as {@code calibrate}'s model: the score each observation would have under a candidate profile.
 * Observations measured under the same conditions share a workload and its score constant K, computed once (K
 * belongs to the workload: bare metal under the {@code default} profile scores the workload's reference score).
 */
final class SimulatedScores implements Function<TrapCostProfile, double[]> {

    /** Observations under one set of conditions. */
    private record Group(List<Integer> indices, WorldSpec world, List<String> profileOverrides, double k) {
    }

    private final List<Observation> observations;
    private final List<Group> groups;
    private final WorldRunner runner;

    private SimulatedScores(List<Observation> observations, List<Group> groups, WorldRunner runner) {
        this.observations = observations;
        this.groups = groups;
        this.runner = runner;
    }

    /**
     * The model of {@code observations} around {@code base} (its seed, guests, iterations, host RAM, pressure and,
     * for unqualified observations, workload).
     *
     * @throws ConfigException naming each qualifier whose workload does not load
     */
    static SimulatedScores of(WorldSpec base, List<Observation> observations, WorldRunner runner) {
        List<String> problems = new ArrayList<>();
        List<Group> groups = new ArrayList<>();
        for (Map.Entry<Observation.Conditions, List<Integer>> e : Observations.byConditions(observations).entrySet()) {
            Observation.Conditions c = e.getKey();
            try {
                Workload w = WorkloadLoader.withOverrides(c.workload() == null ? base.workload() : WorkloadLoader.load(c.workload()),
                        c.workloadOverrides());
                WorldSpec world = base.withScenario(Scenario.BARE_METAL).withWorkload(w);
                groups.add(new Group(e.getValue(), world, c.profileOverrides(), Benchmark.scoreConstant(world)));
            } catch (ConfigException ex) {
                problems.add("--observed " + observations.get(e.getValue().getFirst()).source() + ": " + String.join("; ", ex.problems()));
            }
        }
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return new SimulatedScores(List.copyOf(observations), List.copyOf(groups), runner);
    }

    @Override
    public double[] apply(TrapCostProfile candidate) {
        return applyAll(List.of(candidate)).getFirst();
    }

    /** The scores under each candidate, in order: every world of every candidate run by the runner as one batch. */
    List<double[]> applyAll(List<TrapCostProfile> candidates) {
        List<WorldSpec> worlds = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (TrapCostProfile candidate : candidates) {
            for (Group g : groups) {
                TrapCostProfile p = ProfileLoader.applyOverrides(candidate, g.profileOverrides());
                for (int i : g.indices()) {
                    worlds.add(g.world().withProfile(p).withScenario(observations.get(i).scenario()));
                    labels.add(observations.get(i).label() + " stopped early under " + p.name() + ": ");
                }
            }
        }
        List<RunStatistics> stats = runner.runAll(worlds);
        List<double[]> out = new ArrayList<>();
        int at = 0;
        for (int c = 0; c < candidates.size(); c++) {
            double[] scores = new double[observations.size()];
            for (Group g : groups) {
                for (int i : g.indices()) {
                    RunStatistics s = stats.get(at);
                    if (s.iterations() == 0 || s.error() != null) throw new IllegalStateException(labels.get(at) + s.error());
                    scores[i] = g.k() / s.meanIterationNs();
                    at++;
                }
            }
            out.add(scores);
        }
        return out;
    }
}
