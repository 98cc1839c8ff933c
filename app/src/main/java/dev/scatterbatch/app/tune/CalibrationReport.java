package dev.scatterbatch.app.tune;

import dev.scatterbatch.model.cost.Parameter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The text {@code calibrate} prints: the fitted values, residuals, elasticities and what the data cannot identify. */
public final class CalibrationReport {

    /** Relative uncertainties above this (1000%) are shown as unconstrained. */
    private static final double UNCONSTRAINED = 10;

    private CalibrationReport() {
    }

    /**
     * The report.
     *
     * @param labels  one label per observation ({@code per-range@buffers[0].fragmentation.runPages=1})
     * @param context what stayed fixed ({@code workload seed-opencl, seed 42, 3 iterations per run})
     */
    public static String render(Calibration c, List<String> labels, String context) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "scatterbatch calibrate: %s, starting from profile %s%n", context, c.start().name()));
        sb.append(String.format(Locale.ROOT, "fit: %s after %d iteration%s and %d model runs; RMS residual %s%n%n", outcome(c.outcome()),
                c.iterations(), c.iterations() == 1 ? "" : "s", c.evaluations(), percent(100 * c.rmsResidual(), 4)));
        parameters(sb, c);
        observations(sb, c, labels);
        elasticities(sb, c, labels);
        identifiability(sb, c);
        return sb.toString();
    }

    private static void parameters(StringBuilder sb, Calibration c) {
        int w = Math.max(9, c.parameters().stream().mapToInt(p -> p.key().length()).max().orElse(0));
        String row = "%-" + w + "s  %12s  %12s  %-20s  %s%n";
        sb.append(String.format(Locale.ROOT, row, "parameter", "start", "fitted", "valid range",
                "uncertainty (" + percent(100 * c.identifiability().scoreError(), 0) + " score error)"));
        for (int k = 0; k < c.parameters().size(); k++) {
            Parameter p = c.parameters().get(k);
            double u = c.identifiability().uncertainty()[k];
            String note = c.atBound().contains(p) ? "  (at the end of its range)" : "";
            sb.append(String.format(Locale.ROOT, row, p.key(), p.format(c.start().get(p)), p.format(c.fitted().get(p)),
                    p.format(p.min()) + " to " + p.format(p.max()),
                    (u > UNCONSTRAINED ? "unconstrained" : "±" + percent(100 * u, 1)) + note));
        }
        sb.append('\n');
    }

    private static void observations(StringBuilder sb, Calibration c, List<String> labels) {
        int w = labelWidth(labels);
        String row = "%-" + w + "s  %12s  %12s  %9s%n";
        sb.append(String.format(Locale.ROOT, row, "observation", "observed", "predicted", "residual"));
        for (int i = 0; i < labels.size(); i++) {
            sb.append(String.format(Locale.ROOT, row, labels.get(i), String.format(Locale.ROOT, "%,.0f", c.observed()[i]),
                    String.format(Locale.ROOT, "%,.1f", c.predicted()[i]), signed(100 * c.residual(i), 3)));
        }
        sb.append('\n');
    }

    private static void elasticities(StringBuilder sb, Calibration c, List<String> labels) {
        sb.append(String.format(Locale.ROOT, "elasticity: %% score change for +10%% of each parameter, at the fit%n"));
        int w = labelWidth(labels);
        sb.append(String.format(Locale.ROOT, "%-" + w + "s", "observation"));
        for (Parameter p : c.parameters()) sb.append(String.format(Locale.ROOT, "  %" + column(p) + "s", p.key()));
        sb.append('\n');
        for (int i = 0; i < labels.size(); i++) {
            sb.append(String.format(Locale.ROOT, "%-" + w + "s", labels.get(i)));
            for (int k = 0; k < c.parameters().size(); k++) {
                double e = c.elasticities()[i][k];
                sb.append(String.format(Locale.ROOT, "  %" + column(c.parameters().get(k)) + "s", Double.isNaN(e) ? "-" : signed(e, 2)));
            }
            sb.append('\n');
        }
        sb.append('\n');
    }

    private static void identifiability(StringBuilder sb, Calibration c) {
        Identifiability id = c.identifiability();
        sb.append(String.format(Locale.ROOT, "identifiability (for a %s error in each observed score):%n", percent(100 * id.scoreError(), 0)));
        int free = c.parameters().size() - c.observed().length;
        if (free > 0) {
            sb.append(String.format(Locale.ROOT, "  - %d observation%s cannot fix %d parameters: at least %s of them stay%s free.%n",
                    c.observed().length, c.observed().length == 1 ? "" : "s", c.parameters().size(),
                    free == 1 ? "one combination" : free + " combinations", free == 1 ? "s" : ""));
        }
        if (id.findings().isEmpty()) {
            sb.append("  every fitted parameter is identifiable from these observations.\n");
        }
        for (Identifiability.Finding f : id.findings()) sb.append("  - ").append(sentence(f)).append('\n');
        for (Parameter p : c.atBound()) {
            sb.append(String.format(Locale.ROOT, "  - %s ended at an end of its valid range: the observations ask for a value beyond it, "
                    + "or the model misses a cost they include.%n", p.key()));
        }
    }

    private static String sentence(Identifiability.Finding f) {
        List<String> names = new ArrayList<>();
        List<String> moves = new ArrayList<>();
        for (Map.Entry<Parameter, Double> e : f.changes().entrySet()) {
            names.add(e.getKey().key());
            moves.add(e.getKey().key() + " " + signed(e.getValue(), 1));
        }
        String move = "moves no score by more than " + percent(f.scoreMove(), 4);
        return switch (f.kind()) {
            case INSENSITIVE -> String.format(Locale.ROOT, "%s is not identifiable: no observation responds to it (+10%% %s); "
                    + "leave it out of --fit, or observe a scenario or workload that depends on it.", names.getFirst(), move);
            case UNIDENTIFIABLE -> names.size() == 1
                    ? String.format(Locale.ROOT, "%s is not identifiable: the scores barely respond to it (+10%% %s).", names.getFirst(), move)
                    : String.format(Locale.ROOT, "%s are not separately identifiable: %s %s, so the observations fix only a combination "
                            + "of them (their fitted values depend on where the fit started). Fix all but one with --set, "
                            + "or add observations that respond to them differently.", String.join(" and ", names),
                    String.join(" with ", moves), move);
        };
    }

    private static int labelWidth(List<String> labels) {
        return Math.max(11, labels.stream().mapToInt(String::length).max().orElse(0));
    }

    private static int column(Parameter p) {
        return Math.max(9, p.key().length());
    }

    private static String signed(double percent, int decimals) {
        return String.format(Locale.ROOT, "%+." + decimals + "f%%", percent);
    }

    private static String percent(double percent, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f%%", percent);
    }

    private static String outcome(Calibration.Outcome o) {
        return switch (o) {
            case CONVERGED -> "converged";
            case CONVERGED_AT_RESOLUTION -> "converged to the model's resolution (whole ns)";
            case STOPPED -> "stopped without converging (raise --max-iterations); the best point is shown";
        };
    }
}
