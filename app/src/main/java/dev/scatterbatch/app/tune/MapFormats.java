package dev.scatterbatch.app.tune;

import dev.scatterbatch.app.report.ScenarioResult;
import dev.scatterbatch.model.cost.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A {@link DesignMap} as CSV (one row per cell, grid order, so the same map gives the same bytes) and as a table. */
public final class MapFormats {

    private MapFormats() {
    }

    /**
     * The CSV: the axis values, then winner ({@code a=b} for a tie), its score, runner-up, its score, margin in %, the deciding component and
     * the ns per iteration the winner saves in it, bare metal's score, and each design's score and status
     * ({@code ok}, {@code stalled}, {@code failed: ...}); a cell with no world says why in {@code notApplicable}.
     */
    public static String csv(DesignMap map) {
        List<SweepAxis> axes = map.grid().axes();
        List<String> designs = map.designs();
        StringBuilder sb = new StringBuilder();
        for (SweepAxis axis : axes) sb.append(quoted(axis.csvHeader())).append(',');
        sb.append("winner,winnerScore,runnerUp,runnerUpScore,marginPercent,decidingComponent,decidingComponentNsPerIteration,"
                + "bareMetalScore");
        for (String d : designs) sb.append(",score_").append(d).append(",status_").append(d);
        sb.append(",notApplicable\n");
        for (MapCell cell : map.cells()) {
            for (int a = 0; a < axes.size(); a++) sb.append(quoted(axes.get(a).csvCell(cell.point().values().get(a)))).append(',');
            ScenarioResult w = cell.winner();
            ScenarioResult r = cell.runnerUp();
            Component c = cell.deciding();
            ScenarioResult bare = cell.bareMetal();
            sb.append(cell.winnerName()).append(',').append(w == null ? "" : score(w.score())).append(',')
                    .append(r == null ? "" : r.name()).append(',').append(r == null ? "" : score(r.score())).append(',')
                    .append(Double.isNaN(cell.marginPercent()) ? "" : String.format(Locale.ROOT, "%.2f", cell.marginPercent())).append(',')
                    .append(c == null ? "" : c.key()).append(',').append(c == null ? "" : Long.toString(cell.decidingSavingNs())).append(',')
                    .append(bare == null || bare.error() != null ? "" : score(bare.score()));
            Map<String, ScenarioResult> byName = new LinkedHashMap<>();
            cell.designs().forEach(s -> byName.put(s.name(), s));
            for (String d : designs) {
                ScenarioResult s = byName.get(d);
                boolean ok = s != null && MapCell.status(s).equals("ok");
                sb.append(',').append(ok ? score(s.score()) : "").append(',').append(s == null ? "n/a" : quoted(MapCell.status(s)));
            }
            sb.append(',').append(cell.notApplicable() == null ? "" : quoted(cell.notApplicable())).append('\n');
        }
        return sb.toString();
    }

    /** The table: one line per cell, then how often each design wins and what happens at the operating point. */
    public static String table(DesignMap map) {
        List<SweepAxis> axes = map.grid().axes();
        StringBuilder sb = new StringBuilder();
        int[] widths = new int[axes.size()];
        for (int a = 0; a < axes.size(); a++) {
            widths[a] = axes.get(a).name().length();
            for (AxisValue v : axes.get(a).values()) widths[a] = Math.max(widths[a], v.text().length());
        }
        for (int a = 0; a < axes.size(); a++) sb.append(String.format(Locale.ROOT, "%" + widths[a] + "s  ", axes.get(a).name()));
        sb.append("winner, score, runner-up, margin, deciding component\n");
        Map<String, Integer> wins = new LinkedHashMap<>();
        map.designs().forEach(d -> wins.put(d, 0));
        int none = 0;
        int notApplicable = 0;
        for (MapCell cell : map.cells()) {
            for (int a = 0; a < axes.size(); a++) {
                sb.append(String.format(Locale.ROOT, "%" + widths[a] + "s  ", cell.point().values().get(a).text()));
            }
            sb.append(cell.summary()).append('\n');
            if (cell.report() == null) notApplicable++;
            else if (cell.winner() == null) none++;
            else wins.merge(cell.winnerName(), 1, Integer::sum);
        }
        sb.append(String.format(Locale.ROOT, "%nwins over %d cells (a=b: a tie): ", map.cells().size()));
        List<String> parts = new ArrayList<>();
        wins.forEach((d, n) -> parts.add(d + " " + n));
        if (none > 0) parts.add("no design ran to the end " + none);
        if (notApplicable > 0) parts.add("n/a " + notApplicable);
        sb.append(String.join(", ", parts)).append('\n');
        MapCell op = map.operatingCell();
        sb.append(map.operatingCellHeading()).append(": ").append(op.summary()).append('\n');
        return sb.toString();
    }

    private static String score(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String quoted(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
