package dev.scatterbatch.app.tune;

import dev.scatterbatch.model.cost.ConfigException;
import dev.scatterbatch.model.cost.Parameter;
import dev.scatterbatch.model.cost.TrapCostProfile;
import org.apache.commons.math3.exception.ConvergenceException;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.exception.TooManyIterationsException;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresProblem;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Fits chosen profile parameters to observed scores by least squares: Levenberg-Marquardt (commons-math3) on the
 * log residuals {@code ln(predicted / observed)}, so every observation weighs by its relative error whatever its
 * size, over the bounded parameterisation of {@link FitParameter}. The Jacobian comes from forward differences of
 * 0.1% in each parameter, run in parallel. A faint pull toward the start (an extra residual of
 * {@value #PULL_TO_START} per unit of ln value moved) keeps combinations the data cannot see where they began, instead
 * of letting them drift to a bound; it shifts identifiable parameters by a negligible amount. Then, at the fit: each
 * parameter's elasticity (the score change for +10%) and what the data cannot identify ({@link Identifiability}).
 *
 * <p>The model is any function from a profile to the predicted score of each observation, in observation order;
 * it must be deterministic (the simulation is, for a fixed seed) and thread-safe.
 */
public final class Calibrator {

    /** The finite-difference step, in ln value: 0.1% (20 ns on 20 us, well above the 1 ns rounding of durations). */
    private static final double LN_STEP = 1e-3;
    private static final double TEN_PERCENT = 1.1;
    /**
     * Steps smaller than this relative to the point end the fit: 1e-6 in z is about 1e-5 in ln value, below what the
     * model resolves (1 ns in 35 us is 3e-5), so the iterations that the default 1e-10 would add change nothing.
     */
    private static final double STEP_TOLERANCE = 1e-6;
    /** The weight of the pull toward the start, per unit of ln value (see the class comment). */
    static final double PULL_TO_START = 1e-4;
    /** A fitted value this close to an end of its log range (as a share of it) is reported as at the bound. */
    private static final double AT_BOUND = 0.011;

    private final ScoreEvaluator evaluator;
    private final TrapCostProfile start;
    private final List<FitParameter> fit;
    private final double[] observed;
    private final Options options;
    private final double[] lnStart;
    private double bestCost = Double.POSITIVE_INFINITY;
    private TrapCostProfile best;
    private int jacobians;

    /**
     * How to fit.
     *
     * @param maxIterations most Levenberg-Marquardt iterations (each runs the model once per fitted parameter)
     * @param threads       model runs at once
     * @param scoreError    the relative error of an observed score (0.01 for 1%), which turns sensitivities into
     *                      the uncertainty of each parameter
     */
    public record Options(int maxIterations, int threads, double scoreError) {

        /** 100 iterations, one thread per core, 1% score error. */
        public static Options defaults() {
            return new Options(100, Runtime.getRuntime().availableProcessors(), 0.01);
        }
    }

    private Calibrator(Function<TrapCostProfile, double[]> model, Function<List<TrapCostProfile>, List<double[]>> batch,
                       TrapCostProfile start, List<Parameter> parameters, double[] observed, Options options) {
        this.evaluator = new ScoreEvaluator(model, batch, observed.length, options.threads());
        this.start = start;
        this.fit = parameters.stream().map(FitParameter::of).toList();
        this.observed = observed.clone();
        this.options = options;
        this.lnStart = new double[fit.size()];
        for (int k = 0; k < fit.size(); k++) lnStart[k] = fit.get(k).lnValue(fit.get(k).z(start.number(fit.get(k).parameter())));
    }

    /**
     * The parameters of a {@code --fit} list ({@code kfdAllocFixed,gpuMapPerCall}): durations and factors, each once.
     *
     * @throws ConfigException naming each unknown, unfittable or repeated name
     */
    public static List<Parameter> parseFit(String csv) {
        return FitParameter.parseList(csv);
    }

    /**
     * Fits {@code parameters} of {@code start} so that {@code model} predicts {@code observed}.
     *
     * @param parameters durations and factors (see {@link #parseFit})
     */
    public static Calibration fit(Function<TrapCostProfile, double[]> model, TrapCostProfile start, List<Parameter> parameters,
                                  double[] observed, Options options) {
        return new Calibrator(model, null, start, parameters, observed, options).run();
    }

    /**
     * As {@link #fit(Function, TrapCostProfile, List, double[], Options)}, the profiles of one step (a Jacobian's
     * columns) predicted by {@code batch} at once, in order, instead of by {@code model} on several threads.
     */
    public static Calibration fit(Function<TrapCostProfile, double[]> model, Function<List<TrapCostProfile>, List<double[]>> batch,
                                  TrapCostProfile start, List<Parameter> parameters, double[] observed, Options options) {
        return new Calibrator(model, batch, start, parameters, observed, options).run();
    }

    private Calibration run() {
        double[] z0 = new double[fit.size()];
        for (int k = 0; k < fit.size(); k++) z0[k] = fit.get(k).z(start.number(fit.get(k).parameter()));
        int m = observed.length;
        LeastSquaresProblem problem = new LeastSquaresBuilder()
                .start(z0)
                .model(this::residuals, this::jacobian)
                .target(new double[m + fit.size()])
                .lazyEvaluation(true) // trial steps that get rejected need no Jacobian
                .maxIterations(options.maxIterations())
                .maxEvaluations(options.maxIterations() * 10)
                .build();
        Calibration.Outcome outcome;
        TrapCostProfile fitted;
        try {
            LeastSquaresOptimizer.Optimum optimum = new LevenbergMarquardtOptimizer().withParameterRelativeTolerance(STEP_TOLERANCE).optimize(problem);
            fitted = profileAt(optimum.getPoint().toArray());
            outcome = Calibration.Outcome.CONVERGED;
        } catch (ConvergenceException e) {
            // the tolerances are finer than the model resolves (durations move in whole ns): done, at the best point
            fitted = best;
            outcome = Calibration.Outcome.CONVERGED_AT_RESOLUTION;
        } catch (TooManyEvaluationsException | TooManyIterationsException e) {
            fitted = best;
            outcome = Calibration.Outcome.STOPPED;
        }
        if (cost(fitted) > bestCost) fitted = best;
        fitted = fitted.named("calibrated");
        double[] predicted = evaluator.scores(fitted);
        double[][] lnJacobian = lnJacobian(fitted);
        List<Parameter> atBound = new ArrayList<>();
        for (FitParameter f : fit) {
            double share = f.share(fitted.number(f.parameter()));
            if (share < AT_BOUND || share > 1 - AT_BOUND) atBound.add(f.parameter());
        }
        List<Parameter> parameters = fit.stream().map(FitParameter::parameter).toList();
        return new Calibration(parameters, start, fitted, observed.clone(), predicted, elasticities(fitted, predicted),
                Identifiability.analyse(lnJacobian, parameters, options.scoreError()), evaluator.evaluations(), jacobians,
                outcome, atBound);
    }

    private TrapCostProfile profileAt(double[] z) {
        Map<Parameter, Object> values = new EnumMap<>(Parameter.class);
        for (int k = 0; k < fit.size(); k++) values.put(fit.get(k).parameter(), fit.get(k).value(fit.get(k).lnValue(z[k])));
        return start.with(values);
    }

    /**
     * The fit's residuals at z: ln(predicted / observed) per observation, then the pull toward the start per
     * parameter. Remembers the best point seen.
     */
    private double[] residuals(double[] z) {
        TrapCostProfile p = profileAt(z);
        double[] r = residuals(p);
        double cost = 0;
        for (double x : r) cost += x * x;
        if (cost < bestCost) {
            bestCost = cost;
            best = p;
        }
        return r;
    }

    private double[] residuals(TrapCostProfile p) {
        double[] predicted = evaluator.scores(p);
        double[] r = new double[observed.length + fit.size()];
        for (int i = 0; i < observed.length; i++) r[i] = Math.log(Math.max(predicted[i], Double.MIN_NORMAL) / observed[i]);
        for (int k = 0; k < fit.size(); k++) {
            r[observed.length + k] = PULL_TO_START * (Math.log(p.number(fit.get(k).parameter())) - lnStart[k]);
        }
        return r;
    }

    private double cost(TrapCostProfile p) {
        double sum = 0;
        for (double x : residuals(p)) sum += x * x;
        return sum;
    }

    /** d residual / dz: the log-space Jacobian times d(ln value)/dz, then the pull's rows. */
    private double[][] jacobian(double[] z) {
        jacobians++;
        double[][] ln = lnJacobian(profileAt(z));
        double[][] j = new double[observed.length + fit.size()][];
        for (int i = 0; i < observed.length; i++) {
            j[i] = ln[i];
            for (int k = 0; k < fit.size(); k++) j[i][k] *= fit.get(k).lnSlope(z[k]);
        }
        for (int k = 0; k < fit.size(); k++) {
            j[observed.length + k] = new double[fit.size()];
            j[observed.length + k][k] = PULL_TO_START * fit.get(k).lnSlope(z[k]);
        }
        return j;
    }

    /**
     * d ln(score_i) / d ln(value_k) at {@code at} by forward differences (backward at the top of a range), each
     * step measured after rounding to the parameter's resolution.
     */
    private double[][] lnJacobian(TrapCostProfile at) {
        double[] base = evaluator.scores(at);
        List<TrapCostProfile> stepped = new ArrayList<>();
        double[] steps = new double[fit.size()];
        for (int k = 0; k < fit.size(); k++) {
            FitParameter f = fit.get(k);
            Parameter p = f.parameter();
            double v = at.number(p);
            Object moved = f.value(Math.log(v) + LN_STEP);
            if (p.asNumber(moved) == v) moved = f.value(Math.log(v + 1)); // under ~500 ns 0.1% rounds away: 1 ns
            if (p.asNumber(moved) == v) moved = f.value(Math.log(v) - LN_STEP); // at the top of the range
            steps[k] = Math.log(p.asNumber(moved)) - Math.log(v);
            stepped.add(at.with(Map.of(p, moved)));
        }
        List<double[]> scores = evaluator.scores(stepped);
        double[][] j = new double[observed.length][fit.size()];
        for (int k = 0; k < fit.size(); k++) {
            for (int i = 0; i < observed.length; i++) j[i][k] = Math.log(scores.get(k)[i] / base[i]) / steps[k];
        }
        return j;
    }

    /** 100 (score(+10%) / score - 1) per observation and parameter; NaN where +10% leaves the valid range. */
    private double[][] elasticities(TrapCostProfile at, double[] base) {
        List<TrapCostProfile> raised = new ArrayList<>();
        for (FitParameter f : fit) {
            Parameter p = f.parameter();
            Object up = p.fromNumber(at.number(p) * TEN_PERCENT);
            raised.add(p.checkRange(up) == null ? at.with(Map.of(p, up)) : at);
        }
        List<double[]> scores = evaluator.scores(raised);
        double[][] e = new double[observed.length][fit.size()];
        for (int k = 0; k < fit.size(); k++) {
            boolean valid = raised.get(k) != at;
            for (int i = 0; i < observed.length; i++) e[i][k] = valid ? 100 * (scores.get(k)[i] / base[i] - 1) : Double.NaN;
        }
        return e;
    }
}
