package dev.scatterbatch.app.tune;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One point of a sweep grid: a value for every axis.
 *
 * @param index  the point's position in the grid (its CSV block)
 * @param axes   the grid's axes
 * @param values the value of each axis, in axis order
 */
public record SweepPoint(int index, List<SweepAxis> axes, List<AxisValue> values) {

    public SweepPoint {
        axes = List.copyOf(axes);
        values = List.copyOf(values);
    }

    /** The {@code name=value} changes this point makes to the profile. */
    public List<String> profileAssignments() {
        return assignments(SweepAxis.Target.PROFILE);
    }

    /** The {@code path=value} changes this point makes to the workload. */
    public List<String> workloadAssignments() {
        return assignments(SweepAxis.Target.WORKLOAD);
    }

    /** The value of each world axis this point sets, in axis order. */
    public List<Map.Entry<WorldAxis, AxisValue>> worldValues() {
        List<Map.Entry<WorldAxis, AxisValue>> out = new ArrayList<>();
        for (int i = 0; i < axes.size(); i++) {
            if (axes.get(i).target() == SweepAxis.Target.WORLD) {
                out.add(Map.entry(WorldAxis.byKey(axes.get(i).name()).orElseThrow(), values.get(i)));
            }
        }
        return List.copyOf(out);
    }

    /** Every change, {@code kfdAllocFixed=20us, buffers[0].fragmentation.runPages=8}. */
    public String label() {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < axes.size(); i++) all.add(axes.get(i).assignment(values.get(i)));
        return String.join(", ", all);
    }

    private List<String> assignments(SweepAxis.Target target) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < axes.size(); i++) {
            if (axes.get(i).target() == target) out.add(axes.get(i).assignment(values.get(i)));
        }
        return List.copyOf(out);
    }
}
