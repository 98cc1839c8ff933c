package dev.scatterbatch.app.cluster;

import dev.scatterbatch.app.run.RunStatistics;
import dev.scatterbatch.app.run.WorldJob;
import dev.scatterbatch.app.run.WorldRunner;
import dev.scatterbatch.app.run.WorldSpec;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The coordinator of a cluster of workers: a {@link WorldRunner} that hands each world (each {@link WorldJob}: a
 * world with its virtual-time budget, as a map runs them) to a worker slot as it frees up, and collects the results
 * in order. Identical jobs (a sweep's score-constant reference, repeated at every point) run once.
 *
 * <p>Failures: a worker that leaves (dies, is killed, is cut off) loses the worlds it was running; they go back to the
 * queue and count as retried. A world is done exactly once: the first result for it is kept and any later one (from a
 * worker wrongly presumed dead) is dropped. A world that fails on a worker fails the run with its error, as it would
 * locally. While no worker has been present for {@link #ALONE_GRACE_MS}, the coordinator runs worlds itself, one per
 * {@code --threads}, so a sweep always finishes.
 */
public final class WorldFarm implements WorldRunner, AutoCloseable {

    /** How long the coordinator waits without any worker before it runs worlds itself. */
    static final long ALONE_GRACE_MS = 5_000;
    private static final long PROGRESS_EVERY_MS = 2_000;

    private record Worker(String id, String address, int threads, Promise<Void> left) {
    }

    private record Task(int index, WorldJob job, String json) {
    }

    private final ClusterNode node;
    private final int localThreads;
    private final PrintStream progress;
    private final String what;
    private final Map<String, Worker> workers = new ConcurrentHashMap<>();
    private final BlockingQueue<Task> queue = new LinkedBlockingQueue<>();
    private final AtomicLong lastWorkerSeenMs = new AtomicLong(System.currentTimeMillis());
    private final AtomicInteger retried = new AtomicInteger();
    private volatile Run run;
    private long lastReportMs;
    private long worldsDone;

    /** One {@link #runAll}: its results, by unique world. */
    private static final class Run {
        final RunStatistics[] results;
        final AtomicInteger done = new AtomicInteger();
        final AtomicReference<RuntimeException> failure = new AtomicReference<>();
        final Promise<Void> finished = Promise.promise();

        Run(int size) {
            results = new RunStatistics[size];
        }
    }

    private WorldFarm(ClusterNode node, int localThreads, PrintStream progress, String what) {
        this.node = node;
        this.localThreads = localThreads;
        this.progress = progress;
        this.what = what;
    }

    /**
     * Starts a coordinator at {@code settings} (its host and port are the address workers join) that reports progress
     * of {@code what} to {@code progress}.
     *
     * @param localThreads worlds the coordinator runs at once itself when no worker is present
     */
    public static WorldFarm start(ClusterNode.Settings settings, int localThreads, PrintStream progress, String what) {
        ClusterNode node = ClusterNode.start(settings);
        WorldFarm farm = new WorldFarm(node, localThreads, progress, what);
        node.vertx().eventBus().<JsonObject>consumer(ClusterProtocol.Addresses.FARM_JOIN, farm::onJoin).completion().await();
        node.onMemberLeft(farm::onMemberLeft);
        progress.printf(Locale.ROOT, "%s: coordinator at %s (cluster %s); workers join with: scatterbatch worker --join %s%n",
                what, node.address(), settings.clusterName(), node.address());
        return farm;
    }

    /** The address workers join. */
    public String address() {
        return node.address();
    }

    /** Worlds handed out again because their worker left, over every run so far. */
    public int retried() {
        return retried.get();
    }

    @Override
    public List<RunStatistics> runAll(List<WorldSpec> specs) {
        return runJobs(specs.stream().map(WorldJob::of).toList());
    }

    /** What every job of {@code jobs} reported, in order, as {@link WorldJob#run} gives it on this machine. */
    public List<RunStatistics> runJobs(List<WorldJob> jobs) {
        Map<WorldJob, Integer> unique = new LinkedHashMap<>();
        int[] slot = new int[jobs.size()];
        for (int i = 0; i < jobs.size(); i++) slot[i] = unique.computeIfAbsent(jobs.get(i), j -> unique.size());
        if (unique.isEmpty()) return List.of();
        Run current = new Run(unique.size());
        run = current;
        List<Thread> locals = new ArrayList<>();
        try {
            unique.forEach((job, index) -> queue.add(new Task(index, job, WorldWire.encode(job))));
            for (int i = 0; i < localThreads; i++) locals.add(Thread.ofPlatform().name("farm-local-" + i).start(() -> runLocally(current)));
            boolean reported = false;
            while (!current.finished.future().isComplete()) {
                if (System.currentTimeMillis() - lastReportMs >= PROGRESS_EVERY_MS) {
                    report(current);
                    reported = true;
                }
                try {
                    current.finished.future().toCompletionStage().toCompletableFuture().get(200, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // not yet: report progress and wait on
                } catch (ExecutionException e) {
                    break;
                }
            }
            if (current.failure.get() != null) throw current.failure.get();
            if (reported) report(current);
            worldsDone += current.results.length;
            List<RunStatistics> out = new ArrayList<>();
            for (int s : slot) out.add(current.results[s]);
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            run = null;
            queue.clear();
            for (Thread t : locals) t.interrupt();
        }
    }

    private void report(Run r) {
        lastReportMs = System.currentTimeMillis();
        progress.printf(Locale.ROOT, "%s: %d/%d worlds done, %d retried, %d worker%s present%n", what, r.done.get(), r.results.length,
                retried.get(), workers.size(), workers.size() == 1 ? "" : "s");
        progress.flush();
    }

    private void onJoin(Message<JsonObject> message) {
        JsonObject m = message.body();
        String who = "worker " + (m == null ? "?" : m.getString("address", "?"));
        String refusal = ClusterProtocol.refusal(m, "join", who);
        if (refusal == null && !node.isPresent(m.getString("id", ""))) refusal = who + " is not a member of this cluster";
        if (refusal != null) {
            progress.println(what + ": refused " + refusal);
            message.fail(ClusterProtocol.REFUSED, refusal);
            return;
        }
        Worker w = new Worker(m.getString("id"), m.getString("address"), Math.max(1, m.getInteger("threads", 1)), Promise.promise());
        if (workers.putIfAbsent(w.id(), w) != null) {
            message.reply(welcome());
            return;
        }
        lastWorkerSeenMs.set(System.currentTimeMillis());
        progress.printf(Locale.ROOT, "%s: worker %s joined with %d thread%s (%d worker%s present)%n", what, w.address(), w.threads(),
                w.threads() == 1 ? "" : "s", workers.size(), workers.size() == 1 ? "" : "s");
        for (int i = 0; i < w.threads(); i++) Thread.ofVirtual().name("farm-" + w.address() + "-" + i).start(() -> serve(w));
        message.reply(welcome());
    }

    private JsonObject welcome() {
        return ClusterProtocol.message("welcome").put("coordinator", node.id());
    }

    private void onMemberLeft(String id) {
        Worker w = workers.remove(id);
        if (w == null) return;
        lastWorkerSeenMs.set(System.currentTimeMillis());
        progress.printf(Locale.ROOT, "%s: worker %s left the cluster (died or was stopped); its worlds go to others (%d worker%s present)%n",
                what, w.address(), workers.size(), workers.size() == 1 ? "" : "s");
        w.left().tryComplete();
    }

    /** One slot of a worker: takes the next world, has the worker run it, records the result; until the worker leaves. */
    private void serve(Worker w) {
        DeliveryOptions noTimeout = new DeliveryOptions().setSendTimeout(Long.MAX_VALUE / 2);
        while (!w.left().future().isComplete()) {
            Task task;
            try {
                task = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (task == null) continue;
            Run r = run;
            if (r == null || r.results[task.index()] != null) continue;
            Promise<Message<JsonObject>> answer = Promise.promise();
            node.vertx().eventBus().<JsonObject>request(ClusterProtocol.Addresses.worker(w.id()),
                    ClusterProtocol.message("world").put("index", task.index()).put("world", task.json()), noTimeout)
                    .onComplete((reply, failure) -> {
                        if (failure == null) answer.tryComplete(reply);
                        else answer.tryFail(failure);
                    });
            w.left().future().onComplete(x -> answer.tryFail(new WorkerLostException()));
            JsonObject reply;
            try {
                reply = answer.future().toCompletionStage().toCompletableFuture().join().body();
            } catch (CompletionException e) {
                if (e.getCause() instanceof ReplyException re && re.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
                    // the worker ran the world and it failed (it would anywhere), or the worker refused it: the run stops
                    fail(r, new IllegalStateException("world " + task.index() + " on worker " + w.address() + ": " + re.getMessage()));
                    return;
                }
                if (r.results[task.index()] == null) {
                    retried.incrementAndGet();
                    queue.add(task);
                }
                // the worker is gone or unreachable: this slot ends, and so does the worker's membership here
                onMemberLeft(w.id());
                return;
            }
            try {
                String refusal = ClusterProtocol.refusal(reply, "result", "worker " + w.address());
                if (refusal != null) throw new IllegalStateException(refusal);
                record(r, task.index(), WorldWire.decodeStatistics(reply.getString("statistics")));
            } catch (RuntimeException e) {
                fail(r, e);
                return;
            }
        }
    }

    /** Runs worlds on the coordinator itself while no worker has been present for the grace period. */
    private void runLocally(Run r) {
        while (!r.finished.future().isComplete()) {
            Task task = null;
            try {
                boolean alone = workers.isEmpty() && System.currentTimeMillis() - lastWorkerSeenMs.get() >= ALONE_GRACE_MS;
                if (!alone) {
                    Thread.sleep(200);
                    continue;
                }
                task = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (task == null || r.results[task.index()] != null) continue;
            try {
                record(r, task.index(), task.job().run());
            } catch (RuntimeException e) {
                fail(r, e);
                return;
            }
        }
    }

    private void record(Run r, int index, RunStatistics stats) {
        synchronized (r) {
            if (r.results[index] != null) return;  // a late duplicate: the world counts once
            r.results[index] = stats;
        }
        if (r.done.incrementAndGet() == r.results.length) r.finished.tryComplete();
    }

    private void fail(Run r, RuntimeException e) {
        r.failure.compareAndSet(null, e);
        r.finished.tryComplete();
    }

    /** Leaves the cluster; the workers go back to waiting for a coordinator. */
    @Override
    public void close() {
        progress.printf(Locale.ROOT, "%s: %d distinct worlds run, %d handed out again after their worker left%n", what, worldsDone, retried.get());
        node.close();
    }

    /** The worker running a world left the cluster. */
    private static final class WorkerLostException extends RuntimeException {
        WorkerLostException() {
            super("the worker left the cluster", null, false, false);
        }
    }
}
