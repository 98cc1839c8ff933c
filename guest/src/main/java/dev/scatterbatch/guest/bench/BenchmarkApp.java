package dev.scatterbatch.guest.bench;

import dev.scatterbatch.guest.memory.GuestPhysicalAllocator;
import dev.scatterbatch.guest.memory.ScatterList;
import dev.scatterbatch.guest.workload.BufferLifetime;
import dev.scatterbatch.guest.workload.BufferSpec;
import dev.scatterbatch.guest.workload.Workload;
import dev.scatterbatch.model.wire.ComputeRequest;
import dev.scatterbatch.model.wire.GpaRun;
import dev.scatterbatch.model.wire.GuestCompletion;
import dev.scatterbatch.model.wire.GuestFinished;
import dev.scatterbatch.model.wire.GuestRequest;
import dev.scatterbatch.model.wire.SplitPlan;
import dev.scatterbatch.model.wire.UserptrOp;
import dev.scatterbatch.model.wire.UserptrRequest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The benchmark app of one guest as a state machine: it hands out one request at a time and learns the
 * answer before deciding the next, exactly as a thread blocked in ioctl would. Plain Java; the same
 * instance runs behind a direct call or an event-bus consumer.
 *
 * <p>Run-lifetime buffers are registered once before the first iteration and freed after the last. Each
 * iteration registers and maps its buffers, computes, then unmaps and frees them. When a request fails, the
 * app stops: it unmaps and frees whatever it holds, releases its guest memory, and finishes with the error.
 * An app told to {@linkplain #keepBusyAfterLastIteration keep busy} runs unmeasured iterations after its last one
 * instead of finishing, until the hypervisor stops it.
 */
public final class BenchmarkApp {

    private final int guestId;
    private final Workload workload;
    private final int iterations;
    private final GuestMemory memory;
    private final BooleanSupplier splitPerRange;
    private final Deque<Step> plan = new ArrayDeque<>();
    private final List<Buffer> runBuffers = new ArrayList<>();
    private final List<Buffer> iterationBuffers = new ArrayList<>();
    private long nextSequence;
    private long nextBufferId;
    private int iteration = GuestRequest.SETUP;
    private long nowNs;
    private Step inFlight;
    private String error;
    private boolean finished;
    private boolean keepBusy;

    /**
     * An app in a guest whose buffers come from {@code allocator}.
     *
     * @param splitPerRange whether the guest forwards one ALLOC + MAP per range itself (split location
     *                      {@code guest} in the per-range scenario); asked for each new buffer, so a live change
     *                      applies from the next buffer the app allocates
     */
    public static BenchmarkApp inGuest(int guestId, Workload workload, int iterations, GuestPhysicalAllocator allocator,
                                       SplittableRandom random, BooleanSupplier splitPerRange) {
        return new BenchmarkApp(guestId, workload, iterations, new GuestMemory.Scattered(allocator, random), splitPerRange);
    }

    /** The app running natively on the host: every buffer is one contiguous CPU VA range. */
    public static BenchmarkApp native_(int guestId, Workload workload, int iterations) {
        return new BenchmarkApp(guestId, workload, iterations, new GuestMemory.Contiguous(), () -> false);
    }

    private BenchmarkApp(int guestId, Workload workload, int iterations, GuestMemory memory, BooleanSupplier splitPerRange) {
        if (iterations < 1) throw new IllegalArgumentException("iterations must be at least 1, got " + iterations);
        this.guestId = guestId;
        this.workload = workload;
        this.iterations = iterations;
        this.memory = memory;
        this.splitPerRange = splitPerRange;
    }

    /**
     * After its last iteration the app does not tear down and finish but runs {@link GuestRequest#BACKGROUND}
     * iterations until the hypervisor stops it: beside other guests still measuring, it keeps loading the host (its
     * GPU, its device queues, its memory events) as during their measurement. Call before {@link #start}.
     *
     * @return this app
     */
    public BenchmarkApp keepBusyAfterLastIteration() {
        keepBusy = true;
        return this;
    }

    /** The first request, issued at virtual time 0. */
    public GuestRequest start() {
        planSetup();
        return next();
    }

    /** Whether {@code completion} answers the request in flight (the only completion the app accepts). */
    public boolean awaits(GuestCompletion completion) {
        return inFlight != null && completion.sequence() == nextSequence - 1;
    }

    /**
     * Learns the answer to the request in flight and returns the next request.
     *
     * @throws IllegalStateException unless the app {@linkplain #awaits awaits} {@code completion}
     */
    public GuestRequest onCompletion(GuestCompletion completion) {
        if (!awaits(completion)) {
            throw new IllegalStateException("guest " + guestId + " got a completion for request " + completion.sequence()
                    + " while waiting for " + (nextSequence - 1));
        }
        nowNs = completion.completedAtNs();
        Step done = inFlight;
        inFlight = null;
        if (completion.ok()) {
            done.succeeded();
        } else if (error == null) {
            error = completion.error() != null ? completion.error() : "request failed with " + completion.ret();
            abort();
        }
        return next();
    }

    /** Whether the app has finished (successfully or not). */
    public boolean finished() {
        return finished;
    }

    /** Why the app stopped early, or null. */
    public String error() {
        return error;
    }

    private GuestRequest next() {
        while (true) {
            while (plan.isEmpty()) {
                if (!planMore()) {
                    finished = true;
                    return new GuestFinished(guestId, nextSequence++, nowNs, GuestRequest.TEARDOWN, error);
                }
            }
            Step step = plan.poll();
            GuestRequest request = step.request();
            if (request != null) {
                inFlight = step;
                return request;
            }
        }
    }

    /** Plans the next phase; false when there is none. */
    private boolean planMore() {
        if (error != null) return false;
        if (iteration == GuestRequest.TEARDOWN) return false;
        if (iteration == GuestRequest.BACKGROUND || keepBusy && iteration + 1 == iterations) {
            iteration = GuestRequest.BACKGROUND;
            planIteration();
        } else if (iteration + 1 < iterations) {
            iteration++;
            planIteration();
        } else {
            iteration = GuestRequest.TEARDOWN;
            for (Buffer b : runBuffers) planRelease(b);
        }
        return true;
    }

    private void planSetup() {
        for (BufferSpec spec : workload.buffers()) {
            if (spec.lifetime() != BufferLifetime.RUN) continue;
            for (int i = 0; i < spec.count(); i++) {
                Buffer b = newBuffer(spec);
                if (b == null) return;
                runBuffers.add(b);
                planAcquire(b);
            }
        }
    }

    private void planIteration() {
        iterationBuffers.clear();
        for (BufferSpec spec : workload.buffers()) {
            if (spec.lifetime() != BufferLifetime.ITERATION) continue;
            for (int i = 0; i < spec.count(); i++) {
                Buffer b = newBuffer(spec);
                if (b == null) return;
                iterationBuffers.add(b);
                planAcquire(b);
            }
        }
        plan.add(new Step(() -> new ComputeRequest(guestId, nextSequence++, nowNs, iteration, workload.computeNs()), () -> { }));
        for (Buffer b : iterationBuffers) planRelease(b);
    }

    private Buffer newBuffer(BufferSpec spec) {
        try {
            ScatterList list = memory.allocate(spec);
            return new Buffer(nextBufferId++, list, splitPerRange.getAsBoolean());
        } catch (RuntimeException e) {
            error = "guest " + guestId + " cannot allocate buffer '" + spec.name() + "': " + e.getMessage();
            abort();
            return null;
        }
    }

    private void planAcquire(Buffer b) {
        for (int p = 0; p < b.parts; p++) {
            int part = p;
            plan.add(new Step(() -> b.request(UserptrOp.REGISTER, part), () -> b.registered[part] = true));
            plan.add(new Step(() -> b.request(UserptrOp.MAP, part), () -> b.mapped[part] = true));
        }
    }

    private void planRelease(Buffer b) {
        for (int p = 0; p < b.parts; p++) {
            int part = p;
            plan.add(new Step(() -> b.mapped[part] ? b.request(UserptrOp.UNMAP, part) : null, () -> b.mapped[part] = false));
            plan.add(new Step(() -> b.registered[part] ? b.request(UserptrOp.FREE, part) : null, () -> b.registered[part] = false));
        }
        plan.add(new Step(() -> {
            memory.release(b.scatter);
            return null;
        }, () -> { }));
    }

    /** Stops the run: drop what was planned, release everything held. */
    private void abort() {
        plan.clear();
        List<Buffer> held = new ArrayList<>(runBuffers);
        held.addAll(iterationBuffers);
        runBuffers.clear();
        iterationBuffers.clear();
        for (Buffer b : held) planRelease(b);
    }

    /** One planned action: a request to issue (or a local action returning null) and what success means. */
    private record Step(Supplier<GuestRequest> action, Runnable onSuccess) {
        GuestRequest request() {
            return action.get();
        }

        void succeeded() {
            onSuccess.run();
        }
    }

    /** A guest buffer: its scatter list, how it is forwarded, and which parts are registered and mapped. */
    private final class Buffer {
        final long id;
        final ScatterList scatter;
        final SplitPlan split;
        final int parts;
        final boolean[] registered;
        final boolean[] mapped;

        Buffer(long id, ScatterList scatter, boolean splitPerRange) {
            this.id = id;
            this.scatter = scatter;
            // List.of's list, which the split plan's List.copyOf keeps as it is
            GpaRun[] wire = new GpaRun[scatter.runCount()];
            for (int i = 0; i < wire.length; i++) wire[i] = new GpaRun(scatter.gpa(i), scatter.bytes(i));
            List<GpaRun> runs = List.of(wire);
            this.split = splitPerRange ? SplitPlan.perRun(runs) : SplitPlan.whole(runs);
            this.parts = split.parts().size();
            this.registered = new boolean[parts];
            this.mapped = new boolean[parts];
        }

        UserptrRequest request(UserptrOp op, int part) {
            SplitPlan.Part p = split.parts().get(part);
            return new UserptrRequest(guestId, nextSequence++, nowNs, iteration, op, id, p.index(), p.offset(),
                    scatter.totalBytes(), op == UserptrOp.REGISTER ? p.runs() : List.of(), scatter.hugePages());
        }
    }
}
