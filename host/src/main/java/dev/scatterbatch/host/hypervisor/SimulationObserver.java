package dev.scatterbatch.host.hypervisor;

import dev.scatterbatch.model.uapi.Errno;
import dev.scatterbatch.model.uapi.IoctlCommand;

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

    /**
     * Hears that the host answered a KFD ioctl: {@link SimulationEvent.HostIoctl} with these fields, which this makes
     * and passes to {@link #on}. A VMM reports one per ioctl, thousands per request in a per-range registration, so an
     * observer that only counts them may override this to hear them without an event object each.
     */
    default void onHostIoctl(int guest, IoctlCommand cmd, Errno errno, long durationNs) {
        on(new SimulationEvent.HostIoctl(guest, cmd, errno, durationNs));
    }

    /** Passes every event to each of {@code observers}, in order. */
    static SimulationObserver fanOut(List<SimulationObserver> observers) {
        List<SimulationObserver> all = List.copyOf(observers);
        return new SimulationObserver() {
            @Override
            public void on(SimulationEvent event) {
                for (SimulationObserver o : all) o.on(event);
            }

            @Override
            public void onHostIoctl(int guest, IoctlCommand cmd, Errno errno, long durationNs) {
                for (SimulationObserver o : all) o.onHostIoctl(guest, cmd, errno, durationNs);
            }
        };
    }
}
