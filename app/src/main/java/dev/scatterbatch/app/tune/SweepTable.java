package dev.scatterbatch.app.tune;

import dev.scatterbatch.app.report.BenchFormats;
import dev.scatterbatch.app.report.BenchReport;
import dev.scatterbatch.app.report.ScenarioResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A sweep as a terminal table: one row per point, the varied values, the ranges per buffer the guest registered,
 * then each scenario's score and % of bare metal.
 */
public final class SweepTable {

    private SweepTable() {
    }

    /** The table text. */
    public static String render(SweepResult sweep) {
        List<SweepAxis> axes = sweep.grid().axes();
        List<SweepPoint> points = sweep.grid().points();
        List<String> scenarios = sweep.reports().getFirst().scenarios().stream().map(ScenarioResult::name).toList();
        List<List<String>> rows = new ArrayList<>();
        List<String> head = new ArrayList<>();
        axes.forEach(a -> head.add(a.name()));
        head.add("ranges/buf");
        scenarios.forEach(s -> {
            head.add(s);
            head.add("%");
        });
        rows.add(head);
        for (int i = 0; i < points.size(); i++) {
            List<String> row = new ArrayList<>();
            points.get(i).values().forEach(v -> row.add(v.text()));
            BenchReport report = sweep.reports().get(i);
            double ranges = report.scenarios().stream().mapToDouble(s -> s.perBuffer().ranges()).max().orElse(0);
            row.add(String.format(Locale.ROOT, ranges == Math.rint(ranges) ? "%,.0f" : "%,.1f", ranges));
            for (ScenarioResult s : report.scenarios()) {
                row.add(BenchFormats.scoreCell(s));
                row.add(Double.isNaN(s.percentOfBareMetal()) ? "-" : String.format(Locale.ROOT, "%.1f%%", s.percentOfBareMetal()));
            }
            rows.add(row);
        }
        int[] widths = new int[head.size()];
        for (List<String> row : rows) {
            for (int c = 0; c < row.size(); c++) widths[c] = Math.max(widths[c], row.get(c).length());
        }
        StringBuilder sb = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.size(); c++) {
                // varied values left-aligned, numbers right-aligned
                String cell = c < axes.size() ? String.format(Locale.ROOT, "%-" + widths[c] + "s", row.get(c))
                        : String.format(Locale.ROOT, "%" + widths[c] + "s", row.get(c));
                line.append(c == 0 ? "" : "  ").append(cell);
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }
}
