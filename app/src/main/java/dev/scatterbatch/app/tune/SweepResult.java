package dev.scatterbatch.app.tune;

import dev.scatterbatch.app.report.BenchReport;

import java.util.List;

/**
 * A finished sweep: the grid and, for each of its points in grid order, the benchmark's report.
 *
 * @param grid    the grid
 * @param context what stayed fixed, for chart subtitles ({@code workload seed-opencl, profile default, seed 42})
 * @param reports one report per point, {@code reports.get(i)} for {@code grid.points().get(i)}
 */
public record SweepResult(SweepGrid grid, String context, List<BenchReport> reports) {

    public SweepResult {
        reports = List.copyOf(reports);
        if (reports.size() != grid.size()) {
            throw new IllegalArgumentException("a sweep of " + grid.size() + " points needs as many reports, got " + reports.size());
        }
    }
}
