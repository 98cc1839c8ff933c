package dev.scatterbatch.host.pressure;

import java.util.List;

/**
 * The host memory events every process of a world suffers.
 *
 * @param kinds          each kind with its rate per simulated second and size
 * @param registeredOnly whether events land only on GPU-registered memory ({@code --pressure}) or anywhere in
 *                       the process's memory (the workload's rates)
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
