package dev.scatterbatch.app.serve;

import dev.scatterbatch.app.run.Benchmark;
import dev.scatterbatch.app.run.Transport;
import dev.scatterbatch.app.run.World;
import dev.scatterbatch.app.run.WorldSpec;
import dev.scatterbatch.controlplane.http.ParamsApi;
import dev.scatterbatch.controlplane.metrics.MetricsObserver;
import dev.scatterbatch.model.cost.Parameter;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.metrics.MetricNames;
import dev.scatterbatch.model.scenario.Scenario;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The running model of {@code serve}: one world per scenario (so each scenario's score is its own, as in
 * {@code bench}), every world advanced to the same virtual time at each tick. Profile changes wait for the next
 * tick: that is the virtual-time boundary at which every world switches together.
 */
public final class LiveModel implements ParamsApi.ProfileChanges {

    /** Applied changes {@link #status()} lists: the latest ones, enough for the page's chart window. */
    static final int CHANGES_KEPT = 100;

    private final List<World> worlds = new ArrayList<>();
    private final Map<Scenario, MetricsObserver> observers = new LinkedHashMap<>();
    private final Deque<Map<String, Object>> applied = new ArrayDeque<>();
    private final AtomicReference<TrapCostProfile> profile;
    private final AtomicReference<PendingChange> pending = new AtomicReference<>();
    private final Counter changes;
    private final Consumer<String> log;
    private volatile long virtualNs;

    private record PendingChange(TrapCostProfile profile, Map<Parameter, Object> changed) {
        /** This change, then {@code later} on top of it: both apply at the same boundary. */
        PendingChange then(PendingChange later) {
            Map<Parameter, Object> all = new LinkedHashMap<>(changed);
            all.putAll(later.changed());
            return new PendingChange(profile.with(later.changed()).named(later.profile().name()), all);
        }
    }

    /**
     * Builds the worlds of {@code scenarios}, each recording its metrics in {@code registry}. K comes from a
     * {@code bench} run of {@code base} (its iterations); the live worlds themselves never run out of iterations.
     */
    public LiveModel(WorldSpec base, List<Scenario> scenarios, Transport transport, MeterRegistry registry, Vertx vertx,
                     Consumer<String> log) {
        this.profile = new AtomicReference<>(base.profile());
        this.log = log;
        double k = Benchmark.scoreConstant(base);
        WorldSpec endless = base.withIterations(Integer.MAX_VALUE);
        for (Scenario s : scenarios) {
            WorldSpec spec = endless.withScenario(s);
            MetricsObserver observer = new MetricsObserver(registry, s.key(), k);
            observers.put(s, observer);
            worlds.add(transport == Transport.DIRECT ? World.drivenOverBus(spec, observer, vertx)
                    : World.create(spec, transport, observer, vertx));
        }
        changes = Counter.builder(MetricNames.PARAMETER_CHANGES.meterName())
                .description(MetricNames.PARAMETER_CHANGES.description()).register(registry);
        Gauge.builder(MetricNames.VIRTUAL_TIME.meterName(), this, m -> m.virtualNs / 1e9)
                .description(MetricNames.VIRTUAL_TIME.description()).baseUnit("seconds").register(registry);
    }

    /** The profile in force. */
    public TrapCostProfile profile() {
        return profile.get();
    }

    /** Virtual time every world has reached. */
    public long virtualNs() {
        return virtualNs;
    }

    /** Applies a pending change, then advances every world to {@code targetNs}. */
    public synchronized void advanceTo(long targetNs) {
        PendingChange change = pending.getAndSet(null);
        if (change != null) {
            TrapCostProfile before = profile.getAndSet(change.profile());
            for (World w : worlds) w.setProfile(change.profile());
            changes.increment();
            StringJoiner shown = new StringJoiner(", ");
            change.changed().forEach((p, v) -> shown.add(p.key() + " " + p.format(before.get(p)) + " -> " + p.format(v)));
            log.accept(String.format("params: %s from virtual time %.3f s (change %d)", shown, virtualNs / 1e9, (long) changes.count()));
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("number", (long) changes.count());
            entry.put("virtualSeconds", virtualNs / 1e9);
            entry.put("change", shown.toString());
            synchronized (applied) {
                applied.addLast(entry);
                if (applied.size() > CHANGES_KEPT) applied.removeFirst();
            }
        }
        for (World w : worlds) w.runUntil(targetNs);
        virtualNs = targetNs;
    }

    @Override
    public long submit(TrapCostProfile next, Map<Parameter, Object> changed) {
        // requests within one step all apply: a later one must not drop an earlier one's values
        pending.accumulateAndGet(new PendingChange(next, changed), (earlier, later) -> earlier == null ? later : earlier.then(later));
        return virtualNs;
    }

    /**
     * What the tuning page shows: virtual time, the profile's name, per scenario its score, its percentage of bare
     * metal (when bare metal runs) and each component's milliseconds per iteration over the score's window (score
     * and times absent until an iteration ended), and the latest applied changes.
     */
    public Map<String, Object> status() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("virtualSeconds", virtualNs / 1e9);
        body.put("profile", profile().name());
        MetricsObserver bare = observers.get(Scenario.BARE_METAL);
        Double bareScore = bare == null ? null : bare.recent().map(MetricsObserver.Recent::score).orElse(null);
        List<Map<String, Object>> scenarios = new ArrayList<>();
        observers.forEach((scenario, observer) -> {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("scenario", scenario.key());
            observer.recent().ifPresent(recent -> {
                s.put("score", recent.score());
                if (bareScore != null) s.put("percentOfBareMetal", 100 * recent.score() / bareScore);
                Map<String, Double> ms = new LinkedHashMap<>();
                recent.nsPerIteration().forEach((c, ns) -> ms.put(c.key(), ns / 1e6));
                s.put("msPerIteration", ms);
            });
            scenarios.add(s);
        });
        body.put("scenarios", scenarios);
        synchronized (applied) {
            body.put("changes", List.copyOf(applied));
        }
        return body;
    }

    /** Stops the worlds. */
    public void close() {
        for (World w : worlds) w.close();
    }
}
