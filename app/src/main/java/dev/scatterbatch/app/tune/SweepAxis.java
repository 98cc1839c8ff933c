package dev.scatterbatch.app.tune;

import java.util.List;

/**
 * One {@code --vary} of a sweep: a profile parameter or a workload field and the values it takes.
 *
 * @param name     the parameter ({@code kfdAllocFixed}) or workload field path ({@code buffers[0].fragmentation.runPages})
 * @param target   whether {@code name} is a profile parameter, a workload field or a world axis
 * @param quantity the kind of its values
 * @param values   the values, in the order they were given or generated
 * @param logSteps whether the values were generated in logarithmic steps (charts then use a log axis)
 * @param spec     the {@code --vary} text as written, for messages
 */
public record SweepAxis(String name, Target target, Quantity quantity, List<AxisValue> values, boolean logSteps, String spec) {

    /** What an axis changes. */
    public enum Target {
        /** A cost parameter of the profile ({@code --set name=value}). */
        PROFILE,
        /** A field of the workload, by path ({@code buffers[0].size}). */
        WORKLOAD,
        /** A condition of the world ({@link WorldAxis}): pressure, guests, nested, the first buffer's scatter. */
        WORLD
    }

    public SweepAxis {
        values = List.copyOf(values);
    }

    /** {@code name=value}: how a point applies {@code value} to the profile or workload. */
    public String assignment(AxisValue value) {
        return name + "=" + value.text();
    }

    /** The CSV column header: the name with the unit the column counts in ({@code kfdAllocFixed_ns}). */
    public String csvHeader() {
        return name + quantity.csvSuffix();
    }

    /** The CSV cell of {@code value}: a plain number in the column's unit, or the name of a choice. */
    public String csvCell(AxisValue value) {
        return quantity.numeric() ? quantity.csv(value.number()) : value.text();
    }
}
