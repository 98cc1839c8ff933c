package dev.scatterbatch.app.run;

import dev.scatterbatch.app.report.BenchReport;
import dev.scatterbatch.app.report.ScenarioResult;
import dev.scatterbatch.host.hypervisor.SimulationObserver;
import dev.scatterbatch.model.cost.Component;
import dev.scatterbatch.model.cost.ConfigException;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.scenario.Scenario;
import dev.scatterbatch.model.wire.RestoreOutcome;
import io.vertx.core.Vertx;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Runs the benchmark: one world per scenario (same seed, so every scenario sees the same buffers), and scores
 * each as {@code K / T_iteration}. K belongs to the workload: it is fixed so that {@code bare-metal} under the
 * {@code default} profile scores the workload's reference score, so a profile with slower syscalls lowers bare
 * metal too.
 */
public final class Benchmark {

    private Benchmark() {
    }

    /**
     * Runs {@code scenarios} of {@code base}. Worlds of the direct transport run in parallel; results are the
     * same in any order.
     *
     * @param onScenarioDone hears the index of each scenario as it finishes (progress)
     */
    public static BenchReport run(WorldSpec base, List<Scenario> scenarios, Transport transport, IntConsumer onScenarioDone) {
        return runWith(base, scenarios, transport, specs -> runAll(specs, transport, onScenarioDone));
    }

    /**
     * As {@link #run(WorldSpec, List, Transport, IntConsumer)}, the scenarios' worlds run by {@code runner} (on {@code transport}).
     * When K's reference world is one of them (bare metal of a default run), its statistics give K: a world's numbers
     * are the same on every transport, so it is not run twice.
     */
    public static BenchReport runWith(WorldSpec base, List<Scenario> scenarios, Transport transport, WorldRunner runner) {
        List<WorldSpec> worlds = worldsOf(scenarios).stream().map(base::withScenario).toList();
        int reference = worlds.indexOf(scoreConstantWorld(base));
        double k = reference < 0 ? scoreConstant(base) : Double.NaN;
        List<RunStatistics> stats = runner.runAll(worlds);
        if (reference >= 0) k = scoreConstant(base, stats.get(reference));
        return report(base, scenarios, transport.key(), k, stats);
    }

    /**
     * The bench report of each of {@code bases}, every world they need (K's reference world, then each scenario's) run
     * by {@code runner} in one batch, so a runner with many cores or machines has them all to share out. The reports
     * are those {@link #run} gives on the direct transport.
     */
    public static List<BenchReport> runEach(List<WorldSpec> bases, List<Scenario> scenarios, WorldRunner runner) {
        List<Scenario> worlds = worldsOf(scenarios);
        List<WorldSpec> all = new ArrayList<>();
        Map<WorldSpec, Integer> references = new LinkedHashMap<>();  // bases of one workload share K's reference world
        int[] referenceAt = new int[bases.size()];
        int[] scenariosAt = new int[bases.size()];
        for (int b = 0; b < bases.size(); b++) {
            referenceAt[b] = references.computeIfAbsent(scoreConstantWorld(bases.get(b)), r -> {
                all.add(r);
                return all.size() - 1;
            });
            scenariosAt[b] = all.size();
            for (Scenario s : worlds) all.add(bases.get(b).withScenario(s));
        }
        List<RunStatistics> stats = runner.runAll(all);
        List<BenchReport> reports = new ArrayList<>();
        for (int b = 0; b < bases.size(); b++) {
            WorldSpec base = bases.get(b);
            int at = scenariosAt[b];
            double k = scoreConstant(base, stats.get(referenceAt[b]));
            reports.add(report(base, scenarios, Transport.DIRECT.key(), k, stats.subList(at, at + worlds.size())));
        }
        return reports;
    }

    /** The worlds a report of {@code scenarios} runs: those, and bare metal (for the percentages) when not among them. */
    private static List<Scenario> worldsOf(List<Scenario> scenarios) {
        List<Scenario> worlds = new ArrayList<>(scenarios);
        if (!worlds.contains(Scenario.BARE_METAL)) worlds.add(Scenario.BARE_METAL);
        return worlds;
    }

    /**
     * The report from the statistics of {@code worldsOf(scenarios)}, in that order (bare metal first among
     * {@code scenarios}, or appended), {@code k} the workload's {@link #scoreConstant}.
     */
    public static BenchReport report(WorldSpec base, List<Scenario> scenarios, String transport, double k, List<RunStatistics> stats) {
        RunStatistics bare = stats.get(worldsOf(scenarios).indexOf(Scenario.BARE_METAL));
        // no percentage against a bare-metal run that did not complete: it would say nothing
        double bareScore = score(bare, k);
        List<ScenarioResult> results = new ArrayList<>();
        for (int i = 0; i < scenarios.size(); i++) results.add(result(scenarios.get(i), stats.get(i), k, bareScore));
        return new BenchReport(base.profile().name(), base.workload().name(), base.seed(), transport, base.guests(), results);
    }

    /**
     * K, in score x nanoseconds: the workload's reference score times bare metal's mean iteration time under
     * {@code default}, over the workload's own iteration count (K belongs to the workload, not to a run's length).
     */
    public static double scoreConstant(WorldSpec base) {
        return scoreConstant(base, runWorld(scoreConstantWorld(base), Transport.DIRECT, null));
    }

    /** K of {@code base}'s workload from what its {@link #scoreConstantWorld} reported (run anywhere). */
    public static double scoreConstant(WorldSpec base, RunStatistics reference) {
        return base.workload().scoreReference() * reference.meanIterationNs();
    }

    /** K's reference world: bare metal under {@code default}, one guest, no pressure, whatever the run. */
    public static WorldSpec scoreConstantWorld(WorldSpec base) {
        return new WorldSpec(Scenario.BARE_METAL, TrapCostProfile.defaults(), base.workload(), base.seed(),
                1, base.workload().iterations(), base.hostRamBytes(), 0);
    }

    /**
     * Runs one world to the end, or until its virtual-time budget is spent (a world whose GPU work never gets to
     * run, such as a restore worker that keeps losing the race against invalidations, would run forever), and
     * returns what it reported.
     */
    public static RunStatistics runWorld(WorldSpec spec, Transport transport, Vertx vertx, SimulationObserver... more) {
        return runWorldOn(spec, transport, vertx == null ? null : new BusNodes(vertx, vertx), more);
    }

    /** As {@link #runWorld(WorldSpec, Transport, Vertx, SimulationObserver...)}, with the verticles spread over {@code nodes}. */
    public static RunStatistics runWorldOn(WorldSpec spec, Transport transport, BusNodes nodes, SimulationObserver... more) {
        return runWorldWithin(spec, virtualBudgetNs(spec), transport, nodes, more);
    }

    /**
     * As {@link #runWorldOn}, with a virtual-time budget of {@code budgetNs}: a world that has not finished by then
     * is reported as stalled.
     */
    public static RunStatistics runWorldWithin(WorldSpec spec, long budgetNs, Transport transport, BusNodes nodes,
                                               SimulationObserver... more) {
        return runBuiltWithin(spec, budgetNs, observer -> World.create(spec, transport, observer, nodes), more);
    }

    /** As {@link #runWorld}, the world built by {@code build} around the observer it is given. */
    public static RunStatistics runBuilt(WorldSpec spec, Function<SimulationObserver, World> build, SimulationObserver... more) {
        return runBuiltWithin(spec, virtualBudgetNs(spec), build, more);
    }

    private static RunStatistics runBuiltWithin(WorldSpec spec, long budgetNs, Function<SimulationObserver, World> build,
                                                SimulationObserver... more) {
        RunStatistics stats = new RunStatistics();
        List<SimulationObserver> observers = new ArrayList<>(List.of(more));
        observers.addFirst(stats);
        World world = build.apply(SimulationObserver.fanOut(observers));
        try {
            if (!world.runWithin(budgetNs)) stats.stalled(budgetNs);
            else if (stats.longestIterationNs() > perIterationLimitNs(spec)) stats.stalledIteration(perIterationLimitNs(spec));
        } finally {
            world.close();
        }
        return stats;
    }

    /** The longest run, in iterations per guest, as a multiple of the workload's own iteration count. */
    public static final int MAX_ITERATIONS_FACTOR = 10;
    /** The most invalidating host memory events one world may simulate (about a minute of run time on 2 cores). */
    public static final long MAX_PRESSURE_EVENTS = 1_000_000;

    /**
     * Refuses a world whose simulation cannot finish in reasonable time, before anything runs: more than
     * {@value #MAX_ITERATIONS_FACTOR} times its workload's own iterations per guest, or more invalidating events
     * ({@code --pressure} times the virtual-time budget) than {@value #MAX_PRESSURE_EVENTS}. A stalled world runs
     * its whole budget, so the events are counted over all of it.
     *
     * @throws ConfigException one sentence naming the value and the limit
     */
    public static void requireBoundedCost(WorldSpec spec) {
        requireBoundedCost(spec, "--pressure");
    }

    /** As {@link #requireBoundedCost(WorldSpec)}; {@code pressureOption} names where the rate came from. */
    public static void requireBoundedCost(WorldSpec spec, String pressureOption) {
        long maxIterations = (long) MAX_ITERATIONS_FACTOR * spec.workload().iterations();
        if (spec.iterations() > maxIterations) {
            throw new ConfigException(String.format(Locale.ROOT,
                    "--iterations %,d is more than a run may take: at most %,d per guest (%d times workload %s's own %,d); "
                            + "a workload file with more iterations allows longer runs",
                    spec.iterations(), maxIterations, MAX_ITERATIONS_FACTOR, spec.workload().name(), spec.workload().iterations()));
        }
        double budgetSeconds = virtualBudgetNs(spec) / 1e9;
        double events = spec.pressure() * budgetSeconds * spec.guests();
        if (events > MAX_PRESSURE_EVENTS) {
            throw new ConfigException(String.format(Locale.ROOT,
                    "%s %s would simulate up to %,.0f invalidating events (the rate times the %.1f s virtual-time budget of "
                            + "%d iteration%s%s), more than the %,d a run may take: at most %,.1f events/s here",
                    pressureOption, new BigDecimal(spec.pressure()).stripTrailingZeros().toPlainString(), events, budgetSeconds,
                    spec.iterations(), spec.iterations() == 1 ? "" : "s", spec.guests() == 1 ? "" : " x " + spec.guests() + " guests",
                    MAX_PRESSURE_EVENTS, MAX_PRESSURE_EVENTS / budgetSeconds / spec.guests()));
        }
    }

    /**
     * Virtual time a world may take: 100 times its GPU work per iteration (at least 1 s) per iteration, plus a
     * minute for registering run-lifetime buffers. A scenario slower than that has collapsed.
     */
    static long virtualBudgetNs(WorldSpec spec) {
        return Math.addExact(Math.multiplyExact((long) spec.iterations(), perIterationLimitNs(spec)), 60_000_000_000L);
    }

    /** The longest an iteration of a working world takes: 100 times its GPU work, at least 1 s. */
    static long perIterationLimitNs(WorldSpec spec) {
        return Math.max(1_000_000_000L, 100 * spec.workload().computeNs());
    }

    /** {@code k / T_iteration} of a completed world; NaN for one that stalled or aborted, which has no score. */
    public static double score(RunStatistics s, double k) {
        return s.status().equals("completed") && s.iterations() > 0 ? k / s.meanIterationNs() : Double.NaN;
    }

    /**
     * Runs independent worlds to the end: in parallel over the cores on the direct transport, one after another
     * on the event bus (one node, or two clustered nodes) otherwise. Each world is deterministic, so the order does not matter.
     *
     * @param done hears the index of each world as it finishes (progress)
     */
    public static List<RunStatistics> runAll(List<WorldSpec> specs, Transport transport, IntConsumer done) {
        if (transport != Transport.DIRECT) {
            try (BusNodes nodes = transport == Transport.CLUSTER ? BusNodes.clustered() : BusNodes.local()) {
                List<RunStatistics> out = new ArrayList<>();
                for (int i = 0; i < specs.size(); i++) {
                    out.add(runWorldOn(specs.get(i), transport, nodes));
                    done.accept(i);
                }
                return out;
            }
        }
        int threads = Math.max(1, Math.min(specs.size(), Runtime.getRuntime().availableProcessors()));
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<RunStatistics>> futures = new ArrayList<>();
            for (int i = 0; i < specs.size(); i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    RunStatistics s = runWorld(specs.get(index), transport, null);
                    done.accept(index);
                    return s;
                }));
            }
            List<RunStatistics> out = new ArrayList<>();
            for (Future<RunStatistics> f : futures) out.add(f.get());
            return out;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static ScenarioResult result(Scenario scenario, RunStatistics s, double k, double bareScore) {
        double meanNs = s.meanIterationNs();
        long iterationNs = s.iterations() == 0 ? 0 : Math.round(meanNs);
        double score = score(s, k);
        double buffers = Math.max(1, s.buffersRegistered());
        double iters = Math.max(1, s.iterations());
        return new ScenarioResult(scenario.key(), score, 100.0 * score / bareScore, iterationNs, s.iterations(),
                new ScenarioResult.PerBuffer(s.forwardedRequests() / buffers, s.vmExits() / buffers,
                        s.hostIoctls() / buffers, s.rangesRegistered() / buffers),
                roundedAttribution(s, iterationNs), s.setupNs(),
                new ScenarioResult.Pressure(s.evictions() / iters,
                        s.restoresByOutcome().values().stream().mapToLong(Long::longValue).sum() / iters,
                        Math.round(s.queueStallNs() / iters), runsPerRestore(s.restoresByOutcome())),
                s.error(), s.status());
    }

    /** Restore-worker runs per confirmed restore (a run ending in success or fault); 0 with none confirmed. */
    static double runsPerRestore(Map<RestoreOutcome, Long> byOutcome) {
        long runs = 0;
        long confirmed = 0;
        for (Map.Entry<RestoreOutcome, Long> e : byOutcome.entrySet()) {
            runs += e.getValue();
            if (e.getKey().confirmed()) confirmed += e.getValue();
        }
        return confirmed == 0 ? 0 : (double) runs / confirmed;
    }

    /**
     * Per-iteration attribution rounded so that it still sums exactly to the rounded iteration time: floors,
     * then one ns more to the components with the largest remainders (the floors never sum above the total).
     */
    private static Map<String, Long> roundedAttribution(RunStatistics s, long iterationNs) {
        Map<Component, Double> exact = s.attributionPerIteration();
        Map<String, Long> out = new LinkedHashMap<>();
        long missing = iterationNs;
        for (Component c : Component.values()) {
            long floor = (long) Math.floor(exact.get(c));
            out.put(c.key(), floor);
            missing -= floor;
        }
        List<Component> byRemainder = new ArrayList<>(List.of(Component.values()));
        byRemainder.sort(Comparator.comparingDouble((Component c) -> exact.get(c) - Math.floor(exact.get(c))).reversed());
        for (int i = 0; missing > 0 && i < byRemainder.size(); i++, missing--) {
            out.merge(byRemainder.get(i).key(), 1L, Long::sum);
        }
        return out;
    }
}
