package dev.scatterbatch.app.tune;

import dev.scatterbatch.model.cost.ConfigException;
import dev.scatterbatch.model.cost.Parameter;
import dev.scatterbatch.model.cost.ParameterKind;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A fitted parameter and its bounded parameterisation. The fit works on the logarithm of the value, so a step is
 * a ratio whatever the unit (a 20 us cost and a 0.05 factor move alike), and maps an unbounded variable z onto the
 * valid range with MINUIT's sine transform: {@code ln value = L + (H - L)(1 + sin z)/2}, so every candidate the
 * optimizer tries is valid. A parameter whose range starts at 0 is fitted from a floor just above it (1 ns, 1e-6).
 *
 * @param parameter the parameter
 * @param lnLow     L, the logarithm of the smallest value the fit may take
 * @param lnHigh    H, the logarithm of the largest
 */
record FitParameter(Parameter parameter, double lnLow, double lnHigh) {

    private static final double DURATION_FLOOR_NS = 1;
    private static final double FACTOR_FLOOR = 1e-6;
    /** A start at an end of the range is moved this far in (as a share of the log range): sin z is flat there. */
    private static final double EDGE = 0.01;
    private static final MathContext FACTOR_DIGITS = new MathContext(10);

    /** The bounded form of {@code p}. */
    static FitParameter of(Parameter p) {
        double floor = p.kind() == ParameterKind.DURATION ? DURATION_FLOOR_NS : FACTOR_FLOOR;
        return new FitParameter(p, Math.log(Math.max(floor, p.asNumber(p.min()))), Math.log(p.asNumber(p.max())));
    }

    /**
     * The parameters of a {@code --fit} list: durations and factors, each once.
     *
     * @throws ConfigException naming each unknown, unfittable or repeated name
     */
    static List<Parameter> parseList(String csv) {
        List<String> problems = new ArrayList<>();
        Set<Parameter> out = new LinkedHashSet<>();
        for (String name : csv.split(",", -1)) {
            if (name.isBlank()) {
                problems.add("--fit " + csv + ": an empty name in the list");
                continue;
            }
            Parameter p = Parameter.byKey(name.trim()).orElse(null);
            if (p == null) {
                problems.add("--fit " + csv + ": unknown parameter '" + name.trim() + "'; known parameters: " + Parameter.knownKeys());
            } else if (p.kind() != ParameterKind.DURATION && p.kind() != ParameterKind.FACTOR) {
                problems.add("--fit " + csv + ": " + p.key() + " is a " + p.kind().name().toLowerCase(Locale.ROOT)
                        + "; only durations and factors can be fitted");
            } else if (!out.add(p)) {
                problems.add("--fit " + csv + ": " + p.key() + " is listed twice");
            }
        }
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return List.copyOf(out);
    }

    /** ln value at z. */
    double lnValue(double z) {
        return lnLow + (lnHigh - lnLow) * (1 + Math.sin(z)) / 2;
    }

    /** d(ln value)/dz at z: the chain rule from the optimizer's variable to the parameter's logarithm. */
    double lnSlope(double z) {
        return (lnHigh - lnLow) / 2 * Math.cos(z);
    }

    /** The z of {@code value} (a start at or beyond an end of the range starts just inside it). */
    double z(double value) {
        double share = (Math.log(Math.max(value, Math.exp(lnLow))) - lnLow) / (lnHigh - lnLow);
        return Math.asin(2 * Math.min(1 - EDGE, Math.max(EDGE, share)) - 1);
    }

    /**
     * The parameter's value nearest {@code exp(ln)}, within the valid range: whole ns for durations, ten significant
     * digits for factors (so a fit that returns to 0.05 writes 0.05, not 0.05000000000000003).
     */
    Object value(double ln) {
        double x = Math.min(Math.exp(lnHigh), Math.max(Math.exp(lnLow), Math.exp(ln)));
        return parameter.fromNumber(parameter.kind() == ParameterKind.FACTOR ? new BigDecimal(x).round(FACTOR_DIGITS).doubleValue() : x);
    }

    /** Where {@code value} sits in the fit's log range: 0 at the floor, 1 at the maximum. */
    double share(double value) {
        return (Math.log(Math.max(value, Math.exp(lnLow))) - lnLow) / (lnHigh - lnLow);
    }
}
