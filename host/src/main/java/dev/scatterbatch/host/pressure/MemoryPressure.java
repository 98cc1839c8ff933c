package dev.scatterbatch.host.pressure;

import java.util.List;

/**
 * The host memory events every process of a world suffers.
 *
 * @param kinds          each kind with its rate per simulated second and size
 * @param registeredOnly whether the rates are {@code --pressure}'s, landing where the profile's
 *                       {@code pressureTarget} says, or the workload's own, landing anywhere in the process's memory
 */
public record MemoryPressure(List<MemoryEventKind> kinds, boolean registeredOnly) {

    /** No events. */
    public static final MemoryPressure NONE = new MemoryPressure(List.of(), false);

    public MemoryPressure {
        kinds = List.copyOf(kinds);
    }

    /** Whether any event can happen. */
    public boolean any() {
        return kinds.stream().anyMatch(k -> k.perSecond() > 0);
    }
}
