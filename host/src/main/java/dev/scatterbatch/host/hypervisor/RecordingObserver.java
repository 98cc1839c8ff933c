package dev.scatterbatch.host.hypervisor;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the events it hears until they are taken: a VMM beside the host kernel reports into one, and its answer
 * carries them to the scheduler's thread, where the run's observers hear them in the same order as on the direct
 * transport.
 */
public final class RecordingObserver implements SimulationObserver {

    private final List<SimulationEvent> events = new ArrayList<>();

    @Override
    public void on(SimulationEvent event) {
        events.add(event);
    }

    /** The events heard since the last call, in order; forgets them. */
    public List<SimulationEvent> drain() {
        List<SimulationEvent> out = List.copyOf(events);
        events.clear();
        return out;
    }
}
