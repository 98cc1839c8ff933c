package dev.scatterbatch.app.tune;

import dev.scatterbatch.model.cost.Parameter;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the observations can and cannot pin down, from the elasticity matrix J ({@code d ln score_i / d ln value_k})
 * at the fit. A parameter no score responds to is insensitive. Among the rest, the singular value decomposition of J
 * gives directions in log-parameter space and how strongly the scores respond along each (the singular value s): a
 * relative score error e moves the fit along a direction by about e/s. Where e/s exceeds 1 (an error of e moves that
 * combination by more than a factor e = 2.7) the combination is not identifiable: most often two costs that every
 * observation sees only as their sum, such as kfdAllocFixed and gpuMapPerCall, which are paid once each per range.
 *
 * @param parameters    the fitted parameters
 * @param scoreError    the assumed relative error of an observed score
 * @param uncertainty   per parameter, the one-sigma relative uncertainty of its fitted value (exp(u) - 1) given
 *                      {@code scoreError}; infinite where it is not identifiable
 * @param findings      the insensitive parameters and unidentifiable combinations
 */
public record Identifiability(List<Parameter> parameters, double scoreError, double[] uncertainty, List<Finding> findings) {

    /** Less than this much score change (in ln) per unit change in ln value counts as no response at all. */
    private static final double INSENSITIVE_SHARE_OF_ERROR = 0.1;
    /** Components of a direction below this share of its largest are left out of its description. */
    private static final double INVOLVED = 0.1;
    private static final double TEN_PERCENT = Math.log(1.1);
    /** A direction component below this is rounding noise of the decomposition. */
    private static final double NO_PART = 1e-9;

    /** The kind of a finding. */
    public enum Kind {
        /** No observation responds to the parameter. */
        INSENSITIVE,
        /** The scores respond to a combination of parameters (or to one) too weakly to pin it down. */
        UNIDENTIFIABLE
    }

    /**
     * One thing the data cannot pin down.
     *
     * @param kind      what kind
     * @param changes   a change of the parameters involved, % per parameter, the first +10%: a move the data
     *                  cannot see
     * @param scoreMove the largest change in any predicted score that move causes, %
     */
    public record Finding(Kind kind, Map<Parameter, Double> changes, double scoreMove) {
    }

    /** Analyses {@code jacobian} ({@code [observation][parameter]}, in ln/ln units). */
    public static Identifiability analyse(double[][] jacobian, List<Parameter> parameters, double scoreError) {
        int n = parameters.size();
        int m = jacobian.length;
        List<Finding> findings = new ArrayList<>();
        double[] uncertainty = new double[n];
        List<Integer> sensitive = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            double largest = 0;
            for (double[] row : jacobian) largest = Math.max(largest, Math.abs(row[k]));
            if (largest < scoreError * INSENSITIVE_SHARE_OF_ERROR) {
                findings.add(new Finding(Kind.INSENSITIVE, Map.of(parameters.get(k), 10.0), 100 * Math.expm1(largest * TEN_PERCENT)));
                uncertainty[k] = Double.POSITIVE_INFINITY;
            } else {
                sensitive.add(k);
            }
        }
        if (sensitive.isEmpty()) return new Identifiability(parameters, scoreError, uncertainty, findings);
        // zero rows up to a square matrix: the decomposition then also gives the directions no observation sees
        int rows = Math.max(m, sensitive.size());
        RealMatrix j = new Array2DRowRealMatrix(rows, sensitive.size());
        for (int i = 0; i < m; i++) {
            for (int c = 0; c < sensitive.size(); c++) j.setEntry(i, c, jacobian[i][sensitive.get(c)]);
        }
        SingularValueDecomposition svd = new SingularValueDecomposition(j);
        double[] s = svd.getSingularValues();
        RealMatrix v = svd.getV();
        double[] variance = new double[sensitive.size()];
        for (int d = 0; d < s.length; d++) {
            double resolution = scoreError / s[d]; // infinite for an exact zero
            for (int c = 0; c < sensitive.size(); c++) {
                // a parameter with no part in a direction takes none of its uncertainty, even an infinite one
                if (Math.abs(v.getEntry(c, d)) > NO_PART) variance[c] += Math.pow(v.getEntry(c, d) * resolution, 2);
            }
            if (resolution > 1) findings.add(unidentifiable(v.getColumn(d), sensitive, parameters, jacobian));
        }
        for (int c = 0; c < sensitive.size(); c++) {
            double u = Math.sqrt(variance[c]);
            uncertainty[sensitive.get(c)] = Double.isFinite(u) ? Math.expm1(u) : Double.POSITIVE_INFINITY;
        }
        return new Identifiability(parameters, scoreError, uncertainty, findings);
    }

    /** The direction {@code v} described as parameter changes, scaled so that its first parameter moves +10%. */
    private static Finding unidentifiable(double[] v, List<Integer> sensitive, List<Parameter> parameters, double[][] jacobian) {
        double largest = 0;
        for (double x : v) largest = Math.max(largest, Math.abs(x));
        int first = -1;
        for (int c = 0; c < v.length && first < 0; c++) {
            if (Math.abs(v[c]) >= INVOLVED * largest) first = c;
        }
        double scale = TEN_PERCENT / v[first];
        Map<Parameter, Double> changes = new LinkedHashMap<>();
        double[] move = new double[parameters.size()];
        for (int c = 0; c < v.length; c++) {
            if (Math.abs(v[c]) < INVOLVED * largest) continue;
            move[sensitive.get(c)] = v[c] * scale;
            changes.put(parameters.get(sensitive.get(c)), 100 * Math.expm1(v[c] * scale));
        }
        double scoreMove = 0;
        for (double[] row : jacobian) {
            double d = 0;
            for (int k = 0; k < move.length; k++) d += row[k] * move[k];
            scoreMove = Math.max(scoreMove, Math.abs(100 * Math.expm1(d)));
        }
        return new Finding(Kind.UNIDENTIFIABLE, changes, scoreMove);
    }
}
