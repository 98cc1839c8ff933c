package dev.scatterbatch.app.tune;

import dev.scatterbatch.app.report.BenchReport;
import dev.scatterbatch.app.report.ScenarioResult;
import dev.scatterbatch.model.cost.Component;
import dev.scatterbatch.model.scenario.Scenario;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * One cell of a design map: a point of the grid, what each design scored there, and which design wins, by how much,
 * and why. Only a design that ran every iteration to the end can win: one that stalled (collapsed under its
 * virtual-time budget) or whose registration failed is reported as such, never by the score of its partial run.
 * Bare metal is the reference, not a contender: a guest cannot choose it.
 *
 * @param point         the grid point
 * @param report        the benchmark at this point (bare metal first, then the designs), or null when not applicable
 * @param notApplicable why no world exists at this point (such as buffers larger than a guest can have), or null
 */
public record MapCell(SweepPoint point, BenchReport report, String notApplicable) {

    /** A cell where every design ran (or tried to). */
    public static MapCell of(SweepPoint point, BenchReport report) {
        return new MapCell(point, report, null);
    }

    /** A cell whose world cannot exist. */
    public static MapCell notApplicable(SweepPoint point, String reason) {
        return new MapCell(point, null, reason);
    }

    /** The designs at this point (every scenario but bare metal), in the order asked. */
    public List<ScenarioResult> designs() {
        if (report == null) return List.of();
        return report.scenarios().stream().filter(s -> !s.name().equals(Scenario.BARE_METAL.key())).toList();
    }

    /** Bare metal's result here, or null when it was not run. */
    public ScenarioResult bareMetal() {
        if (report == null) return null;
        return report.scenarios().stream().filter(s -> s.name().equals(Scenario.BARE_METAL.key())).findFirst().orElse(null);
    }

    /** Designs that ran to the end, best score first (a tie keeps the order asked). */
    public List<ScenarioResult> ranking() {
        List<ScenarioResult> ok = new ArrayList<>(designs().stream().filter(MapCell::finished).toList());
        ok.sort(Comparator.comparingDouble(ScenarioResult::score).reversed());
        return ok;
    }

    /** The winning design, or null when none ran to the end. */
    public ScenarioResult winner() {
        List<ScenarioResult> r = ranking();
        return r.isEmpty() ? null : r.getFirst();
    }

    /** The designs that score exactly as the winner (v2 and v4 batch register alike without pressure), in the order asked. */
    public List<ScenarioResult> tiedWithWinner() {
        ScenarioResult w = winner();
        if (w == null) return List.of();
        return ranking().stream().skip(1).filter(s -> s.score() == w.score()).toList();
    }

    /** The winner's name, with those it ties: {@code batch=batch-v4}. */
    public String winnerName() {
        ScenarioResult w = winner();
        if (w == null) return "";
        List<String> names = new ArrayList<>(List.of(w.name()));
        tiedWithWinner().forEach(s -> names.add(s.name()));
        return String.join("=", names);
    }

    /** The best design that ran to the end and scores below the winner (those tying it are winners too), or null. */
    public ScenarioResult runnerUp() {
        List<ScenarioResult> r = ranking();
        return r.size() < 2 + tiedWithWinner().size() ? null : r.get(1 + tiedWithWinner().size());
    }

    /** How much more the winner scores than the runner-up, in %; NaN without both. */
    public double marginPercent() {
        ScenarioResult w = winner();
        ScenarioResult r = runnerUp();
        return w == null || r == null ? Double.NaN : 100.0 * (w.score() - r.score()) / r.score();
    }

    /** The attribution component in which the winner saves the most time per iteration over the runner-up, or null without both. */
    public Component deciding() {
        ScenarioResult w = winner();
        ScenarioResult r = runnerUp();
        if (w == null || r == null) return null;
        Component best = null;
        long saved = 0;
        for (Component c : Component.values()) {
            long d = r.attribution(c) - w.attribution(c);
            if (d > saved) {
                saved = d;
                best = c;
            }
        }
        return best;
    }

    /** Time per iteration the winner saves over the runner-up in {@link #deciding()}, ns (0 without one). */
    public long decidingSavingNs() {
        Component c = deciding();
        return c == null ? 0 : runnerUp().attribution(c) - winner().attribution(c);
    }

    /** What stopped a design that did not finish: {@code stalled}, or {@code failed} with the first error. */
    public static String status(ScenarioResult s) {
        if (finished(s)) return "ok";
        return s.error().startsWith("stalled") ? "stalled" : "failed: " + s.error();
    }

    /** The designs that did not finish, with their status ({@code per-range stalled; mremap failed: ...}). */
    public String nonFinishers() {
        List<String> out = new ArrayList<>();
        for (ScenarioResult s : designs()) {
            if (!finished(s)) out.add(s.name() + " " + status(s));
        }
        return String.join("; ", out);
    }

    /** One line for a table: winner, score, runner-up, margin, deciding component. */
    public String summary() {
        if (report == null) return "n/a: " + notApplicable;
        ScenarioResult w = winner();
        if (w == null) return "no design ran to the end (" + nonFinishers() + ")";
        ScenarioResult r = runnerUp();
        String others = nonFinishers().isEmpty() ? "" : "; " + nonFinishers();
        if (r == null) return String.format(Locale.ROOT, "%s %,.0f, no other design finished%s", winnerName(), w.score(), others);
        Component c = deciding();
        return String.format(Locale.ROOT, "%s %,.0f over %s %,.0f by %.1f%%%s%s", winnerName(), w.score(), r.name(), r.score(),
                marginPercent(), c == null ? "" : ", in " + c.key(), others);
    }

    private static boolean finished(ScenarioResult s) {
        return s.completed() && s.iterations() > 0;
    }
}
