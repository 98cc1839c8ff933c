package dev.scatterbatch.app.tune;

import dev.scatterbatch.model.cost.ConfigException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The grid of a sweep: every combination of its axes' values. The first axis changes fastest, so each line of a
 * chart (one first-axis sweep at fixed other values) is one contiguous block of points and of CSV rows.
 *
 * @param axes the axes, in {@code --vary} order; the first is the charts' x axis
 */
public record SweepGrid(List<SweepAxis> axes) {

    /** Most points a sweep may have: a guard against a typo that asks for a week of simulation. */
    public static final int MAX_POINTS = 10_000;

    public SweepGrid {
        axes = List.copyOf(axes);
    }

    /**
     * Parses every {@code --vary}, reporting all bad ones together.
     *
     * @throws ConfigException each problem naming its {@code --vary}
     */
    public static SweepGrid parse(List<String> varies, boolean logSteps) {
        List<String> problems = new ArrayList<>();
        List<SweepAxis> axes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        if (varies.isEmpty()) problems.add("give at least one --vary, such as --vary kfdAllocFixed=5us..100us:8");
        for (String spec : varies) {
            try {
                SweepAxis axis = VarySpec.parse(spec, logSteps);
                if (!names.add(axis.name())) {
                    problems.add("--vary " + spec + ": " + axis.name() + " is varied twice; give all its values in one --vary");
                } else {
                    axes.add(axis);
                }
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        }
        if (problems.isEmpty()) {
            double size = axes.stream().mapToDouble(a -> a.values().size()).reduce(1, (x, y) -> x * y);
            if (size > MAX_POINTS) {
                problems.add("--vary " + String.join(" --vary ", varies) + ": the grid has " + String.format(Locale.ROOT, "%,.0f", size)
                        + " points, more than " + MAX_POINTS + "; use fewer values");
            }
        }
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return new SweepGrid(axes);
    }

    /** The number of points. */
    public int size() {
        return axes.stream().mapToInt(a -> a.values().size()).reduce(1, (x, y) -> x * y);
    }

    /** Every point, the first axis changing fastest. */
    public List<SweepPoint> points() {
        List<SweepPoint> out = new ArrayList<>();
        int[] at = new int[axes.size()];
        for (int index = 0; index < size(); index++) {
            List<AxisValue> values = new ArrayList<>();
            for (int a = 0; a < axes.size(); a++) values.add(axes.get(a).values().get(at[a]));
            out.add(new SweepPoint(index, axes, values));
            for (int a = 0; a < axes.size() && ++at[a] == axes.get(a).values().size(); a++) at[a] = 0;
        }
        return out;
    }
}
