package dev.scatterbatch.app.tune;

import dev.scatterbatch.model.cost.Parameter;
import dev.scatterbatch.model.cost.TrapCostProfile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs the model on candidate profiles: each distinct profile once (the optimizer revisits points, and rounding to
 * whole ns makes nearby candidates equal), several at a time when asked for a batch.
 */
final class ScoreEvaluator {

    private final Function<TrapCostProfile, double[]> model;
    private final Function<List<TrapCostProfile>, List<double[]>> batch;
    private final int observations;
    private final int threads;
    private final Map<Map<Parameter, Object>, double[]> cache = new ConcurrentHashMap<>();
    private final AtomicInteger evaluations = new AtomicInteger();

    /** @param batch runs several profiles as one batch (a cluster's workers share it out), or null: {@code model} on threads */
    ScoreEvaluator(Function<TrapCostProfile, double[]> model, Function<List<TrapCostProfile>, List<double[]>> batch, int observations,
                   int threads) {
        this.model = model;
        this.batch = batch;
        this.observations = observations;
        this.threads = threads;
    }

    /** The predicted scores under {@code profile}. */
    double[] scores(TrapCostProfile profile) {
        Map<Parameter, Object> key = profile.values();
        double[] known = cache.get(key);
        if (known != null) return known;
        return remember(key, model.apply(profile));
    }

    private double[] remember(Map<Parameter, Object> key, double[] s) {
        if (s.length != observations) {
            throw new IllegalStateException("the model predicted " + s.length + " scores for " + observations + " observations");
        }
        evaluations.incrementAndGet();
        cache.put(key, s);
        return s;
    }

    /** The predicted scores under each of {@code profiles}, in order, run in parallel. */
    List<double[]> scores(List<TrapCostProfile> profiles) {
        if (batch == null) return new ArrayList<>(ParallelMap.map(profiles, this::scores, threads, () -> { }));
        Map<Map<Parameter, Object>, TrapCostProfile> missing = new LinkedHashMap<>();
        for (TrapCostProfile p : profiles) if (!cache.containsKey(p.values())) missing.putIfAbsent(p.values(), p);
        if (!missing.isEmpty()) {
            List<double[]> got = batch.apply(List.copyOf(missing.values()));
            int i = 0;
            for (Map<Parameter, Object> key : missing.keySet()) remember(key, got.get(i++));
        }
        List<double[]> out = new ArrayList<>();
        for (TrapCostProfile p : profiles) out.add(cache.get(p.values()));
        return out;
    }

    /** Distinct profiles the model has run. */
    int evaluations() {
        return evaluations.get();
    }
}
