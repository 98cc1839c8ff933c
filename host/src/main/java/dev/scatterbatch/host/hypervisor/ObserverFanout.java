package dev.scatterbatch.host.hypervisor;

import dev.scatterbatch.model.cost.CostLedger;
import dev.scatterbatch.model.wire.GuestRequest;

import java.util.List;

/** Passes everything a run does on to several observers, in order. */
public final class ObserverFanout implements SimulationObserver {

    private final List<SimulationObserver> observers;

    /** A fan-out to {@code observers}. */
    public ObserverFanout(List<SimulationObserver> observers) {
        this.observers = List.copyOf(observers);
    }

    @Override
    public void forwardedRequest(int guest, VmExitReason reason) {
        for (SimulationObserver o : observers) o.forwardedRequest(guest, reason);
    }

    @Override
    public void hostIoctl(int guest, String cmd, String errno, long durationNs) {
        for (SimulationObserver o : observers) o.hostIoctl(guest, cmd, errno, durationNs);
    }

    @Override
    public void bufferRegistered(int guest, int ranges) {
        for (SimulationObserver o : observers) o.bufferRegistered(guest, ranges);
    }

    @Override
    public void requestCompleted(int guest, GuestRequest request, long startNs, long endNs, CostLedger cost) {
        for (SimulationObserver o : observers) o.requestCompleted(guest, request, startNs, endNs, cost);
    }

    @Override
    public void iterationCompleted(int guest, int iteration, long startNs, long endNs, CostLedger attribution) {
        for (SimulationObserver o : observers) o.iterationCompleted(guest, iteration, startNs, endNs, attribution);
    }

    @Override
    public void userptrEvicted(int guest, long atNs) {
        for (SimulationObserver o : observers) o.userptrEvicted(guest, atNs);
    }

    @Override
    public void restoreFinished(int guest, long atNs, String result) {
        for (SimulationObserver o : observers) o.restoreFinished(guest, atNs, result);
    }

    @Override
    public void queuesStalled(int guest, long evictedAtNs, long stallNs) {
        for (SimulationObserver o : observers) o.queuesStalled(guest, evictedAtNs, stallNs);
    }

    @Override
    public void guestFinished(int guest, long atNs, String error) {
        for (SimulationObserver o : observers) o.guestFinished(guest, atNs, error);
    }
}
