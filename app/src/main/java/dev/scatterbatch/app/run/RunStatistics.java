package dev.scatterbatch.app.run;

import dev.scatterbatch.host.hypervisor.SimulationObserver;
import dev.scatterbatch.host.hypervisor.SimulationEvent;
import dev.scatterbatch.model.cost.Component;
import dev.scatterbatch.model.cost.CostLedger;
import dev.scatterbatch.model.uapi.Errno;
import dev.scatterbatch.model.uapi.IoctlCommand;
import dev.scatterbatch.model.wire.GuestRequest;
import dev.scatterbatch.model.wire.RestoreOutcome;

import java.util.BitSet;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a bench run reports for one scenario, gathered as an observer: per-iteration time and its
 * attribution, per-buffer request, exit and ioctl counts, evictions, restores and stalls. What a guest does after
 * its measurement ended (background iterations beside guests still measuring) counts nowhere.
 */
public final class RunStatistics implements SimulationObserver {

    private final CostLedger attribution = new CostLedger();
    private long iterationNsTotal;
    private int iterationsDone;
    private long lastIterationEndNs = -1;
    private long setupNs;
    private long forwardedRequests;
    private long vmExits;
    private final Map<String, Long> exitsByReason = new TreeMap<>();
    private long hostIoctls;
    private long hostIoctlsFailed;
    private long buffersRegistered;
    private long rangesRegistered;
    private long evictions;
    private final Map<RestoreOutcome, Long> restoresByOutcome = new EnumMap<>(RestoreOutcome.class);
    private long queueStallNs;
    private String error;
    private boolean stalled;
    private long longestIterationNs;
    /**
     * The guests whose measurement ended, by index: asked on every ioctl, so no boxed key. Transient: it is how the
     * observer listens, not a statistic, so the cluster's wire form (fields) leaves it out.
     */
    private final transient BitSet measurementEnded = new BitSet();

    @Override
    public void on(SimulationEvent event) {
        if (measurementEnded.get(event.guest())) return;
        switch (event) {
            case SimulationEvent.ForwardedRequest f -> {
                forwardedRequests++;
                vmExits++;
                exitsByReason.merge(f.reason().key(), 1L, Long::sum);
            }
            case SimulationEvent.HostIoctl i -> onHostIoctl(i.guest(), i.cmd(), i.errno(), i.durationNs());
            case SimulationEvent.BufferRegistered b -> {
                buffersRegistered++;
                rangesRegistered += b.ranges();
            }
            case SimulationEvent.IterationCompleted it -> {
                if (it.iteration() == GuestRequest.SETUP) {
                    setupNs += it.endNs() - it.startNs();
                } else if (it.iteration() >= 0) {
                    iterationsDone++;
                    iterationNsTotal += it.endNs() - it.startNs();
                    longestIterationNs = Math.max(longestIterationNs, it.endNs() - it.startNs());
                    attribution.addAll(it.attribution());
                    lastIterationEndNs = it.endNs();
                }
            }
            case SimulationEvent.UserptrEvicted e -> evictions += e.count();
            case SimulationEvent.RestoreFinished r -> restoresByOutcome.merge(r.result().outcome(), 1L, Long::sum);
            case SimulationEvent.QueuesStalled q -> queueStallNs += q.stallNs();
            case SimulationEvent.MeasurementEnded m -> measurementEnded.set(m.guest());
            case SimulationEvent.GuestFinished g -> {
                if (g.error() != null && this.error == null) this.error = "guest " + g.guest() + ": " + g.error();
            }
        }
    }

    @Override
    public void onHostIoctl(int guest, IoctlCommand cmd, Errno errno, long durationNs) {
        // per buffer, the registration path counts; teardown does not
        if (measurementEnded.get(guest) || !cmd.registrationPath()) return;
        hostIoctls++;
        if (errno != null) hostIoctlsFailed++;
    }

    /**
     * The world ran out of its virtual-time budget before finishing. The iteration in progress never counts: only
     * completed iterations make a mean, and a stalled world gets no score at all.
     */
    void stalled(long budgetNs) {
        markStalled(String.format(Locale.ROOT, "stalled: an iteration did not finish within the %.0f s virtual-time budget "
                + "(GPU work kept waiting, e.g. a restore worker losing every race against invalidations)", budgetNs / 1e9));
    }

    /** An iteration finished, but took longer than {@code limitNs}: the world had collapsed all the same. */
    void stalledIteration(long limitNs) {
        markStalled(String.format(Locale.ROOT, "stalled: an iteration took %.1f s, more than the %.1f s (100 times its GPU "
                + "work) a working world needs (GPU work kept waiting, e.g. a restore worker losing races against invalidations)",
                longestIterationNs / 1e9, limitNs / 1e9));
    }

    private void markStalled(String why) {
        stalled = true;
        if (error == null) error = why;
    }

    /** Whether the world stalled (its GPU work kept waiting) rather than finishing or aborting. */
    public boolean stalled() {
        return stalled;
    }

    /** {@code completed}, {@code stalled} or {@code aborted} (a guest stopped on an error, said by {@link #error()}). */
    public String status() {
        return stalled ? "stalled" : error != null ? "aborted" : "completed";
    }

    /** The longest completed iteration, ns (0 before any). */
    public long longestIterationNs() {
        return longestIterationNs;
    }

    /** Completed iterations (over all guests). */
    public int iterations() {
        return iterationsDone;
    }

    /** Mean iteration time, ns. */
    public double meanIterationNs() {
        return iterationsDone == 0 ? Double.NaN : (double) iterationNsTotal / iterationsDone;
    }

    /** Mean time per component per iteration, ns; sums to {@link #meanIterationNs()}. */
    public Map<Component, Double> attributionPerIteration() {
        Map<Component, Double> m = new EnumMap<>(Component.class);
        for (Component c : Component.values()) m.put(c, iterationsDone == 0 ? 0.0 : (double) attribution.get(c) / iterationsDone);
        return m;
    }

    /** Time spent registering run-lifetime buffers before the first iteration (per guest, summed). */
    public long setupNs() {
        return setupNs;
    }

    public long forwardedRequests() {
        return forwardedRequests;
    }

    public long vmExits() {
        return vmExits;
    }

    public Map<String, Long> exitsByReason() {
        return exitsByReason;
    }

    public long hostIoctls() {
        return hostIoctls;
    }

    public long hostIoctlsFailed() {
        return hostIoctlsFailed;
    }

    public long buffersRegistered() {
        return buffersRegistered;
    }

    public long rangesRegistered() {
        return rangesRegistered;
    }

    public long evictions() {
        return evictions;
    }

    public Map<RestoreOutcome, Long> restoresByOutcome() {
        return restoresByOutcome;
    }

    public long queueStallNs() {
        return queueStallNs;
    }

    /** Why the run stopped early, or null. */
    public String error() {
        return error;
    }
}
