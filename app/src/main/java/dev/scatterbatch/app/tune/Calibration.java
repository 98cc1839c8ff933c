package dev.scatterbatch.app.tune;

import dev.scatterbatch.model.cost.Parameter;
import dev.scatterbatch.model.cost.TrapCostProfile;

import java.util.List;

/**
 * The outcome of a fit.
 *
 * @param parameters      the fitted parameters
 * @param start           the profile the fit started from
 * @param fitted          the start with the fitted values (named {@code calibrated})
 * @param observed        the observed scores
 * @param predicted       the scores the model predicts under {@code fitted}, in observation order
 * @param elasticities    {@code [observation][parameter]}: % score change for a +10% parameter change at the fit
 *                        (NaN where +10% leaves the valid range)
 * @param identifiability what the data pin down
 * @param evaluations     distinct profiles the model ran
 * @param iterations      Levenberg-Marquardt iterations (Jacobians)
 * @param outcome         how the fit ended
 * @param atBound         fitted parameters that ended at an end of their valid range
 */
public record Calibration(List<Parameter> parameters, TrapCostProfile start, TrapCostProfile fitted, double[] observed,
                          double[] predicted, double[][] elasticities, Identifiability identifiability, int evaluations,
                          int iterations, Outcome outcome, List<Parameter> atBound) {

    /** How the fit ended. */
    public enum Outcome {
        /** The optimizer's convergence tests passed. */
        CONVERGED,
        /** No step improved the fit any more: converged to the resolution of the model (whole ns). */
        CONVERGED_AT_RESOLUTION,
        /** The iteration budget ran out first: the best point seen is reported. */
        STOPPED
    }

    /** The relative residual of observation {@code i}: predicted / observed - 1. */
    public double residual(int i) {
        return predicted[i] / observed[i] - 1;
    }

    /** The root mean square of the relative residuals. */
    public double rmsResidual() {
        double sum = 0;
        for (int i = 0; i < observed.length; i++) sum += residual(i) * residual(i);
        return Math.sqrt(sum / observed.length);
    }
}
