package dev.scatterbatch.host.hypervisor;

import java.util.List;

/**
 * Hears everything a run does, one {@link SimulationEvent} at a time, in virtual-time order, on the scheduler's
 * thread: the bench's statistics and the Prometheus metrics are both observers.
 */
@FunctionalInterface
public interface SimulationObserver {

    /** An observer that ignores everything. */
    SimulationObserver NONE = event -> { };

    /** Hears one event. */
    void on(SimulationEvent event);

    /** Passes every event to each of {@code observers}, in order. */
    static SimulationObserver fanOut(List<SimulationObserver> observers) {
        List<SimulationObserver> all = List.copyOf(observers);
        return event -> {
            for (SimulationObserver o : all) o.on(event);
        };
    }
}
