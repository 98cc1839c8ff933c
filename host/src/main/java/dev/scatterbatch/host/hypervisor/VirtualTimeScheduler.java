package dev.scatterbatch.host.hypervisor;

import dev.scatterbatch.model.cost.Component;
import dev.scatterbatch.model.cost.CostLedger;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.scenario.Scenario;
import dev.scatterbatch.model.wire.ComputeRequest;
import dev.scatterbatch.model.wire.GuestCompletion;
import dev.scatterbatch.model.wire.GuestFinished;
import dev.scatterbatch.model.wire.GuestRequest;
import dev.scatterbatch.model.wire.HostCommand;
import dev.scatterbatch.model.wire.HostEvent;
import dev.scatterbatch.model.wire.HostReply;
import dev.scatterbatch.model.wire.UserptrRequest;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Supplier;

/**
 * The hypervisor as the scheduler of a conservative discrete-event simulation. It holds the request each
 * guest is blocked on and the time of the host's next own event, and always advances whichever is earliest
 * (host events first on ties). Guests are asked for their next request only when the previous one completes,
 * so the order of everything depends on virtual time alone, never on how threads or messages interleave.
 *
 * <p>A forwarded request's host work takes effect at the request's start; its completion is the start plus
 * everything it was charged. Compute completes when the host's GPU reports it.
 *
 * <p>A guest that has completed its iterations while others still measure theirs may go on with
 * {@linkplain GuestRequest#BACKGROUND unmeasured} ones, so the others keep sharing the host with as many guests as
 * before: a guest finishing early would otherwise leave the GPU to the rest, and the world's mean iteration would
 * count their last iterations at a lighter load than its first ones. When the last guest has completed its iterations,
 * the guests still busy stop where they are, and their VMMs release what they held.
 */
public final class VirtualTimeScheduler {

    private static final Comparator<GuestRequest> ORDER = Comparator.comparingLong(GuestRequest::issuedAtNs)
            .thenComparingInt(GuestRequest::guestId).thenComparingLong(GuestRequest::sequence);

    private final Scenario scenario;
    private final Supplier<TrapCostProfile> profile;
    private final HostGpuPort host;
    /** Advancing the host's clock and queueing GPU work are no guest request's cost: what the host charges lands here, unread. */
    private final CostLedger uncharged = new CostLedger();
    private final List<GuestPort> guests;
    private final List<VmmPort> vmms;
    private final SimulationObserver observer;
    private final PriorityQueue<GuestRequest> pending = new PriorityQueue<>(ORDER);
    private final Map<Long, ComputeRequest> computeInFlight = new HashMap<>();
    private final IterationTracker[] iterations;
    /** Whether each guest has stopped (finished, was lost, or was stopped in the background). */
    private final boolean[] done;
    /** Whether each guest is still in its measured iterations. */
    private final boolean[] measuring;
    private int stillMeasuring;
    private long hostNextNs = Long.MAX_VALUE;
    private long nowNs;
    private int finished;
    private boolean started;
    /** A request stopped at the end of virtual time ({@link #runWithin}): the world cannot go on. */
    private boolean outOfTime;

    /**
     * A scheduler for one world: the guests (VMs, or native apps for bare metal) of one scenario sharing a host.
     *
     * @param vmms one VMM per guest, in guest order (for bare metal: the native process's registration path)
     */
    public VirtualTimeScheduler(Scenario scenario, Supplier<TrapCostProfile> profile, HostGpuPort host,
                                List<GuestPort> guests, List<? extends VmmPort> vmms, SimulationObserver observer) {
        if (guests.size() != vmms.size()) throw new IllegalArgumentException("one VMM per guest");
        this.scenario = scenario;
        this.profile = profile;
        this.host = host;
        this.guests = List.copyOf(guests);
        this.vmms = List.copyOf(vmms);
        this.observer = observer;
        this.iterations = new IterationTracker[guests.size()];
        for (int i = 0; i < iterations.length; i++) iterations[i] = new IterationTracker(i);
        this.done = new boolean[guests.size()];
        this.measuring = new boolean[guests.size()];
        Arrays.fill(measuring, true);
        this.stillMeasuring = guests.size();
    }

    /** The virtual time of the last thing that happened. */
    public long nowNs() {
        return nowNs;
    }

    /** Whether every guest has finished. */
    public boolean allFinished() {
        return started && finished == guests.size();
    }

    /**
     * Runs until every guest has finished, or until nothing is left due at or before {@code limitNs}.
     *
     * @return whether every guest has finished
     */
    public boolean runUntil(long limitNs) {
        if (!started) start();
        while (!allFinished() && !outOfTime) {
            GuestRequest next = pending.peek();
            long guestNs = next == null ? Long.MAX_VALUE : next.issuedAtNs();
            if (hostNextNs != Long.MAX_VALUE && hostNextNs <= guestNs) {
                if (hostNextNs > limitNs) break;
                nowNs = hostNextNs;
                absorb(host.call(new HostCommand.AdvanceHost(hostNextNs), uncharged));
                continue;
            }
            if (next == null || guestNs > limitNs) break;
            pending.poll();
            nowNs = guestNs;
            handle(next);
        }
        return allFinished();
    }

    /**
     * As {@link #runUntil}, for the last time: {@code budgetNs} is the end of virtual time, and nothing after it will
     * ever be asked for. A guest request that reaches past it stops there (its guest would see it end after the
     * budget, so the world has not finished either way) instead of its host work being simulated to the end; the
     * world cannot be run further. Every iteration that completed within the budget is reported as
     * {@link #runUntil} reports it, so the statistics of a world that finishes are the same.
     *
     * @return whether every guest has finished
     */
    public boolean runWithin(long budgetNs) {
        for (VmmPort vmm : vmms) vmm.stopAt(budgetNs);
        return runUntil(budgetNs);
    }

    private void start() {
        started = true;
        for (VmmPort vmm : vmms) absorbAll(vmm.boot());
        for (int i = 0; i < guests.size(); i++) {
            try {
                enqueue(guests.get(i).start());
            } catch (GuestLostException e) {
                retire(i, e);
            }
        }
    }

    /**
     * A guest that can no longer answer leaves the run at the current virtual time: its VMM releases what it had
     * registered and its KFD process exits, and the other guests run on. Until a guest answers or is known lost, virtual
     * time waits for it (the call to it blocks the scheduler), so no guest's events ever run ahead of another's.
     */
    private void retire(int guest, GuestLostException e) {
        stop(guest);
        // the lost guest's open iteration never completed, so it is never reported as one
        iterations[guest].abandon();
        iterations[guest].close(nowNs);
        absorbAll(vmms.get(guest).abandon(nowNs));
        observer.on(new SimulationEvent.GuestFinished(guest, nowNs, e.getMessage()));
        endMeasurement(guest);
    }

    /** The guest has stopped: it is counted among the finished. */
    private void stop(int guest) {
        done[guest] = true;
        finished++;
    }

    /**
     * The guest measures no more. When it was the last guest measuring, the guests still running background
     * iterations stop now: their VMMs release what they held, as for a guest that is gone, and their processes exit.
     */
    private void endMeasurement(int guest) {
        if (!measuring[guest]) return;
        measuring[guest] = false;
        if (--stillMeasuring > 0) return;
        for (int g = 0; g < guests.size(); g++) {
            if (done[g]) continue;
            stop(g);
            absorbAll(vmms.get(g).abandon(nowNs));
            observer.on(new SimulationEvent.GuestFinished(g, nowNs, null));
        }
    }

    private void handle(GuestRequest request) {
        if (request.iteration() == GuestRequest.BACKGROUND && measuring[request.guestId()]) {
            // its last measured iteration ended where its first background request starts, as at a teardown
            iterations[request.guestId()].close(request.issuedAtNs());
            observer.on(new SimulationEvent.MeasurementEnded(request.guestId(), request.issuedAtNs()));
            endMeasurement(request.guestId());
            if (done[request.guestId()]) return;
        }
        switch (request) {
            case UserptrRequest u -> {
                CostLedger cost = new CostLedger();
                Vmm.Outcome outcome;
                try {
                    outcome = vmms.get(u.guestId()).handle(u, cost);
                } catch (VirtualTimeSpent e) {
                    // what the host reported so far still happened, and the request's iteration still began (the one
                    // before it completed), as when the request ends late
                    outOfTime = true;
                    absorbAll(e.replies());
                    iterations[u.guestId()].add(u, cost);
                    return;
                }
                absorbAll(outcome.replies());
                complete(u, u.issuedAtNs() + cost.totalNs(), cost, outcome.result());
            }
            case ComputeRequest c -> {
                long gpuNs = scenario.virtualized()
                        ? Math.round(c.gpuNs() * (1 + profile.get().guestComputeSlowdown())) : c.gpuNs();
                computeInFlight.put(key(c.guestId(), c.sequence()), c);
                absorb(host.call(new HostCommand.SubmitCompute(c.guestId(), c.issuedAtNs(), c.sequence(), gpuNs), uncharged));
            }
            case GuestFinished f -> {
                stop(f.guestId());
                iterations[f.guestId()].close(f.issuedAtNs());
                absorbAll(vmms.get(f.guestId()).shutdown(f.issuedAtNs()));
                observer.on(new SimulationEvent.GuestFinished(f.guestId(), f.issuedAtNs(), f.error()));
                endMeasurement(f.guestId());
            }
        }
    }

    private void complete(GuestRequest request, long endNs, CostLedger cost, VmmResult result) {
        iterations[request.guestId()].add(request, cost);
        // the guest aborts on any failed request: its iteration never completes, so it is never reported as one
        if (result instanceof VmmResult.Failed) iterations[request.guestId()].abandon();
        GuestRequest next;
        try {
            next = guests.get(request.guestId()).complete(switch (result) {
                case VmmResult.Ok ok -> new GuestCompletion(request.guestId(), request.sequence(), endNs, 0, null);
                case VmmResult.Failed f -> new GuestCompletion(request.guestId(), request.sequence(), endNs, f.errno().ret(), f.message());
            });
        } catch (GuestLostException e) {
            retire(request.guestId(), e);
            return;
        }
        enqueue(next);
    }

    private void enqueue(GuestRequest next) {
        if (next.issuedAtNs() < nowNs) {
            throw new IllegalStateException("guest " + next.guestId() + " issued a request in the past");
        }
        pending.add(next);
    }

    // both loops index their lists: an iterator per host reply (a thousand per request in per-range) is garbage
    private void absorbAll(List<HostReply> replies) {
        for (int i = 0; i < replies.size(); i++) absorb(replies.get(i));
    }

    private void absorb(HostReply reply) {
        hostNextNs = reply.nextEventNs();
        List<HostEvent> events = reply.events();
        for (int i = 0; i < events.size(); i++) {
            switch (events.get(i)) {
                case HostEvent.ComputeDone d -> {
                    ComputeRequest c = computeInFlight.remove(key(d.processId(), d.jobId()));
                    // the work of a guest that has stopped finishing is no news to anyone
                    if (done[c.guestId()]) continue;
                    CostLedger cost = new CostLedger();
                    cost.charge(Component.COMPUTE, d.runNs());
                    cost.charge(Component.EVICTION_STALL, d.stallNs());
                    cost.charge(Component.GPU_CONTENTION, d.contentionNs());
                    complete(c, d.atNs(), cost, VmmResult.OK);
                }
                case HostEvent.UserptrEvicted ev -> observer.on(new SimulationEvent.UserptrEvicted(ev.processId(), ev.atNs(), ev.count()));
                case HostEvent.QueuesResumed q -> observer.on(new SimulationEvent.QueuesStalled(q.processId(), q.atNs() - q.stallNs(), q.stallNs()));
                case HostEvent.RestoreFinished r -> observer.on(new SimulationEvent.RestoreFinished(r.processId(), r.atNs(), r.result()));
            }
        }
    }

    private static long key(int guest, long sequence) {
        return ((long) guest << 40) ^ sequence;
    }

    /** Sums the costs of one guest's requests per iteration and reports each iteration when the next begins. */
    private final class IterationTracker {
        private final int guest;
        private final CostLedger ledger = new CostLedger();
        private int iteration = Integer.MIN_VALUE;
        private boolean abandoned;
        private long startNs;

        IterationTracker(int guest) {
            this.guest = guest;
        }

        void add(GuestRequest request, CostLedger cost) {
            if (request.iteration() == GuestRequest.BACKGROUND) return;
            if (request.iteration() != iteration) {
                close(request.issuedAtNs());
                iteration = request.iteration();
                startNs = request.issuedAtNs();
            }
            ledger.addAll(cost);
        }

        /** The open iteration failed part-way: it ends without being reported. */
        void abandon() {
            abandoned = true;
        }

        void close(long endNs) {
            if (iteration == Integer.MIN_VALUE) return;
            if (!abandoned) observer.on(new SimulationEvent.IterationCompleted(guest, iteration, startNs, endNs, ledger));
            ledger.clear();
            iteration = Integer.MIN_VALUE;
            abandoned = false;
        }
    }
}
