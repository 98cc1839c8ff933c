package dev.scatterbatch.app.tune;

import dev.scatterbatch.model.cost.Parameter;
import dev.scatterbatch.model.cost.TrapCostProfile;

import java.util.ArrayList;
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
    private final int observations;
    private final int threads;
    private final Map<Map<Parameter, Object>, double[]> cache = new ConcurrentHashMap<>();
    private final AtomicInteger evaluations = new AtomicInteger();

    ScoreEvaluator(Function<TrapCostProfile, double[]> model, int observations, int threads) {
        this.model = model;
        this.observations = observations;
        this.threads = threads;
    }

    /** The predicted scores under {@code profile}. */
    double[] scores(TrapCostProfile profile) {
        Map<Parameter, Object> key = profile.values();
        double[] known = cache.get(key);
        if (known != null) return known;
        double[] s = model.apply(profile);
        if (s.length != observations) {
            throw new IllegalStateException("the model predicted " + s.length + " scores for " + observations + " observations");
        }
        evaluations.incrementAndGet();
        cache.put(key, s);
        return s;
    }

    /** The predicted scores under each of {@code profiles}, in order, run in parallel. */
    List<double[]> scores(List<TrapCostProfile> profiles) {
        return new ArrayList<>(ParallelMap.map(profiles, this::scores, threads, () -> { }));
    }

    /** Distinct profiles the model has run. */
    int evaluations() {
        return evaluations.get();
    }
}
