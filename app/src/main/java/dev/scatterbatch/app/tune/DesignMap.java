package dev.scatterbatch.app.tune;

import java.util.ArrayList;
import java.util.List;

/**
 * A finished design map: for every point of a grid of conditions, which registration design wins.
 *
 * @param grid           the grid
 * @param context        what stayed fixed, for headings ({@code workload seed-opencl, profile default, seed 42})
 * @param designs        the designs compared, in the order asked (bare metal, the reference, is not one)
 * @param cells          one cell per grid point, in grid order
 * @param operatingPoint the value of each axis at the published operating point (the workload as given), in axis
 *                       order: what the charts mark and where they hold the axes they do not show
 */
public record DesignMap(SweepGrid grid, String context, List<String> designs, List<MapCell> cells, List<AxisValue> operatingPoint) {

    public DesignMap {
        designs = List.copyOf(designs);
        cells = List.copyOf(cells);
        operatingPoint = List.copyOf(operatingPoint);
        if (cells.size() != grid.size()) {
            throw new IllegalArgumentException("a map of " + grid.size() + " points needs as many cells, got " + cells.size());
        }
        if (operatingPoint.size() != grid.axes().size()) {
            throw new IllegalArgumentException("the operating point needs a value per axis, got " + operatingPoint.size());
        }
    }

    /** For each axis, the index of its grid value nearest the operating point (on a log scale where all are positive). */
    public int[] nearestToOperatingPoint() {
        int[] at = new int[grid.axes().size()];
        for (int a = 0; a < at.length; a++) at[a] = nearest(grid.axes().get(a), operatingPoint.get(a));
        return at;
    }

    /** The cell at the given value index of every axis. */
    public MapCell cellAt(int[] indices) {
        int index = 0;
        int stride = 1;
        for (int a = 0; a < indices.length; a++) {
            index += indices[a] * stride;
            stride *= grid.axes().get(a).values().size();
        }
        return cells.get(index);
    }

    /** The operating point as {@code name=value} pairs ({@code rangesPerBuffer=500, pressure=0}). */
    public String operatingPointLabel() {
        List<String> parts = new ArrayList<>();
        for (int a = 0; a < grid.axes().size(); a++) parts.add(grid.axes().get(a).assignment(operatingPoint.get(a)));
        return String.join(", ", parts);
    }

    /** How the operating point's results are headed: the point itself, or the grid cell nearest it. */
    public String operatingCellHeading() {
        String label = operatingCell().point().label();
        return label.equals(operatingPointLabel()) ? "at the operating point (" + label + ")"
                : "nearest the operating point (" + operatingPointLabel() + "), at " + label;
    }

    /** The cell nearest the operating point. */
    public MapCell operatingCell() {
        return cellAt(nearestToOperatingPoint());
    }

    /**
     * Where {@code value} sits among the axis's values, as a fractional index: an exact value is its index, one between
     * two values is interpolated (logarithmically where both are positive), one beyond the ends is clamped.
     */
    public static double position(SweepAxis axis, AxisValue value) {
        List<AxisValue> vs = axis.values();
        if (!axis.quantity().numeric()) {
            for (int i = 0; i < vs.size(); i++) if (vs.get(i).text().equals(value.text())) return i;
            return 0;
        }
        double x = value.number();
        for (int i = 0; i < vs.size(); i++) {
            if (vs.get(i).number() == x) return i;
            if (i + 1 < vs.size() && between(x, vs.get(i).number(), vs.get(i + 1).number())) {
                double a = vs.get(i).number();
                double b = vs.get(i + 1).number();
                double t = a > 0 && b > 0 && x > 0 ? Math.log(x / a) / Math.log(b / a) : (x - a) / (b - a);
                return i + t;
            }
        }
        return Math.abs(x - vs.getFirst().number()) <= Math.abs(x - vs.getLast().number()) ? 0 : vs.size() - 1;
    }

    private static boolean between(double x, double a, double b) {
        return (x > a && x < b) || (x < a && x > b);
    }

    private static int nearest(SweepAxis axis, AxisValue value) {
        return (int) Math.round(position(axis, value));
    }
}
