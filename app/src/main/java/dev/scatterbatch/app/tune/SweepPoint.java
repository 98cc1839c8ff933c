package dev.scatterbatch.app.tune;

import java.util.ArrayList;
import java.util.List;

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
