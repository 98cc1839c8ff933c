package dev.scatterbatch.app;

import dev.scatterbatch.app.run.WorldSpec;
import dev.scatterbatch.app.tune.AxisValue;
import dev.scatterbatch.app.tune.SweepAxis;
import dev.scatterbatch.app.tune.SweepGrid;
import dev.scatterbatch.app.tune.SweepPoint;
import dev.scatterbatch.app.tune.WorldAxis;
import dev.scatterbatch.guest.memory.Fragmentation;
import dev.scatterbatch.guest.workload.BufferSpec;
import dev.scatterbatch.guest.workload.Workload;
import dev.scatterbatch.guest.workload.WorkloadLoader;
import dev.scatterbatch.model.config.ByteSizes;
import dev.scatterbatch.model.cost.ConfigException;
import dev.scatterbatch.model.cost.Parameter;
import dev.scatterbatch.model.cost.ProfileLoader;
import dev.scatterbatch.model.cost.TrapCostProfile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The world of every point of a sweep, all built (and so all validated) before any runs: a workload field that
 * does not exist, or a value it refuses, is reported naming its {@code --vary} and nothing has run.
 */
final class SweepWorlds {

    /** The nested profile's multiplier of every VM exit: what {@code nested=on} sets. */
    private static final double NESTED_MULTIPLIER = ProfileLoader.load("nested").nestedMultiplier();

    private final WorldSpec base;
    private final Map<List<String>, Workload> workloads = new HashMap<>();

    /** Builds the worlds of points of {@code base}, sharing the workload of points that change it alike. */
    SweepWorlds(WorldSpec base) {
        this.base = base;
    }

    /** One world per point of {@code grid}, in grid order: {@code base} with the point's values applied. */
    static List<WorldSpec> of(WorldSpec base, SweepGrid grid) {
        List<String> problems = new ArrayList<>();
        for (SweepAxis axis : grid.axes()) {
            if (axis.target() != SweepAxis.Target.WORKLOAD) continue;
            for (AxisValue v : axis.values()) {
                try {
                    WorkloadLoader.withOverrides(base.workload(), List.of(axis.assignment(v)));
                } catch (ConfigException e) {
                    problems.add("--vary " + axis.spec() + ": " + String.join("; ", e.problems()));
                    break; // one problem per --vary: the rest of its values usually fail alike
                }
            }
        }
        if (!problems.isEmpty()) throw new ConfigException(problems);
        SweepWorlds worlds = new SweepWorlds(base);
        return grid.points().stream().map(worlds::at).toList();
    }

    /**
     * The world of {@code point}.
     *
     * @throws ConfigException when the point's values make no valid world (such as buffers larger than a guest can have)
     */
    WorldSpec at(SweepPoint point) {
        List<String> changes = new ArrayList<>(scatter(point));
        changes.addAll(point.workloadAssignments());
        Workload w = workloads.computeIfAbsent(List.copyOf(changes), c -> combined(base.workload(), c));
        TrapCostProfile profile = ProfileLoader.applyOverrides(base.profile(), point.profileAssignments());
        WorldSpec spec = base.withProfile(profile).withWorkload(w);
        for (Map.Entry<WorldAxis, AxisValue> e : point.worldValues()) {
            double v = e.getValue().number();
            spec = switch (e.getKey()) {
                case PRESSURE -> spec.withPressure(v);
                case GUESTS -> spec.withGuests((int) v);
                case NESTED -> e.getValue().text().equals("on")
                        ? spec.withProfile(spec.profile().with(Parameter.NESTED_MULTIPLIER, NESTED_MULTIPLIER)) : spec;
                case RANGES_PER_BUFFER, RANGE_SIZE -> spec; // in the workload already
            };
        }
        long perGuest = spec.workload().buffers().stream().mapToLong(BufferSpec::totalBytes).sum();
        if (!scatter(point).isEmpty() && perGuest > spec.hostRamBytes() / spec.guests()) {
            throw new ConfigException(spec.guests() + " guests with " + ByteSizes.format(perGuest) + " of buffers each need more than the host's "
                    + ByteSizes.format(spec.hostRamBytes()) + " of RAM (--host-ram)");
        }
        return spec;
    }

    /**
     * The workload changes that give the first buffer kind {@code rangesPerBuffer} ranges of {@code rangeSize} (either
     * kept from the workload when not varied): its size, fixed runs of that length, on 4 KiB pages, and a guest large
     * enough to hold every buffer at once.
     */
    private List<String> scatter(SweepPoint point) {
        Long ranges = null;
        Long rangeBytes = null;
        for (Map.Entry<WorldAxis, AxisValue> e : point.worldValues()) {
            if (e.getKey() == WorldAxis.RANGES_PER_BUFFER) ranges = (long) e.getValue().number();
            if (e.getKey() == WorldAxis.RANGE_SIZE) rangeBytes = (long) e.getValue().number();
        }
        if (ranges == null && rangeBytes == null) return List.of();
        BufferSpec first = base.workload().buffers().getFirst();
        long runBytes = rangeBytes != null ? rangeBytes : runBytes(first);
        long count = ranges != null ? ranges : Math.max(1, first.sizeBytes() / runBytes);
        long size;
        long needed;
        try {
            size = Math.multiplyExact(count, runBytes);
            long others = base.workload().buffers().stream().skip(1).filter(b -> !b.hugePages()).mapToLong(BufferSpec::totalBytes).sum();
            needed = Math.addExact(Math.addExact(others, Math.multiplyExact(size, first.count())), base.workload().hugePagePoolBytes());
        } catch (ArithmeticException e) {
            throw new ConfigException(count + " ranges of " + ByteSizes.format(runBytes) + " per buffer: more memory than a guest can have");
        }
        if (needed > base.hostRamBytes()) {
            throw new ConfigException(first.count() + " buffers of " + count + " x " + ByteSizes.format(runBytes) + " need "
                    + ByteSizes.format(needed) + " of guest RAM at once, more than the host's " + ByteSizes.format(base.hostRamBytes())
                    + " (--host-ram)");
        }
        // a quarter more than the buffers: fixed runs need free extents of their length, not just free pages
        long guest = Math.max(base.workload().guestMemoryBytes(), (needed + needed / 4 + (1L << 30) - 1) / (1L << 30) * (1L << 30));
        return List.of("buffers[0].size=" + ByteSizes.format(size), "buffers[0].hugePages=false",
                "buffers[0].fragmentation={kind: fixed-runs, runPages: " + runBytes / ByteSizes.PAGE + "}",
                "guestMemory=" + ByteSizes.format(guest));
    }

    /** The run length of a buffer kind's scatter: its fixed runs, else one page. */
    private static long runBytes(BufferSpec b) {
        return b.fragmentation() instanceof Fragmentation.FixedRuns f ? f.runPages() * ByteSizes.PAGE : ByteSizes.PAGE;
    }

    /** The workload with several varied fields at once, which can clash where each alone is fine. */
    private static Workload combined(Workload base, List<String> changes) {
        try {
            return WorkloadLoader.withOverrides(base, changes);
        } catch (ConfigException e) {
            throw new ConfigException("--vary: the combination " + String.join(", ", changes) + " is not a valid workload: "
                    + String.join("; ", e.problems()));
        }
    }
}
