package dev.scatterbatch.app.tune;

import dev.scatterbatch.app.report.BenchFormats;

import java.util.List;

/**
 * A sweep as CSV: one row per point and scenario, the varied values first (as plain numbers in the unit the header
 * names: {@code kfdAllocFixed_ns}), then the columns of {@code bench --format csv}. Rows follow the grid order, so
 * the same sweep gives the same bytes.
 */
public final class SweepCsv {

    private SweepCsv() {
    }

    /** The CSV text, header first. */
    public static String render(SweepResult sweep) {
        StringBuilder sb = new StringBuilder();
        List<SweepAxis> axes = sweep.grid().axes();
        List<SweepPoint> points = sweep.grid().points();
        for (int i = 0; i < points.size(); i++) {
            String[] lines = BenchFormats.csv(sweep.reports().get(i)).split("\n");
            if (i == 0) {
                for (SweepAxis axis : axes) sb.append(quoted(axis.csvHeader())).append(',');
                sb.append(lines[0]).append('\n');
            }
            StringBuilder prefix = new StringBuilder();
            for (int a = 0; a < axes.size(); a++) prefix.append(quoted(axes.get(a).csvCell(points.get(i).values().get(a)))).append(',');
            for (int row = 1; row < lines.length; row++) sb.append(prefix).append(lines[row]).append('\n');
        }
        return sb.toString();
    }

    private static String quoted(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
