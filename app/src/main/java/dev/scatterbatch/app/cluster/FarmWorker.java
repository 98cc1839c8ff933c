package dev.scatterbatch.app.cluster;

import dev.scatterbatch.app.run.RunStatistics;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * A worker: offers this machine's cores to a coordinator. It joins the cluster at the coordinator's address, keeps
 * trying while there is none (the coordinator may start later), runs each world it is handed (a {@code WorldJob}: the
 * world and its budget) on one of its threads with the direct transport and answers with the world's statistics. When the coordinator leaves, it goes back to
 * waiting for the next one.
 */
public final class FarmWorker {

    /** Pause between two attempts to find a coordinator. */
    static final long RETRY_MS = 2_000;

    private final ClusterNode.Settings settings;
    private final int threads;
    private final PrintStream log;

    /** A worker that joins at {@code settings.members()} and runs {@code threads} worlds at once. */
    public FarmWorker(ClusterNode.Settings settings, int threads, PrintStream log) {
        this.settings = settings;
        this.threads = threads;
        this.log = log;
    }

    /**
     * Serves coordinators until interrupted, or until a coordinator refuses it (another version).
     *
     * @throws IllegalStateException naming why a coordinator refused this worker
     */
    public void serveForever() throws InterruptedException {
        boolean waitingSaid = false;
        while (!Thread.currentThread().isInterrupted()) {
            ClusterNode node = ClusterNode.start(settings);
            try {
                String coordinator = join(node);
                if (coordinator == null) {
                    if (!waitingSaid) log.printf("worker: no coordinator at %s yet; trying every %d s%n", settings.members(), RETRY_MS / 1000);
                    waitingSaid = true;
                } else {
                    waitingSaid = false;
                    CountDownLatch gone = new CountDownLatch(1);
                    node.onMemberLeft(id -> {
                        if (id.equals(coordinator)) gone.countDown();
                    });
                    if (node.isPresent(coordinator)) gone.await();
                    log.println("worker: the coordinator left; waiting for the next one");
                }
            } finally {
                node.close();
            }
            Thread.sleep(RETRY_MS);
        }
    }

    /** Offers this worker to the coordinator; returns the coordinator's member id, or null if there is none yet. */
    private String join(ClusterNode node) {
        node.vertx().eventBus().<JsonObject>consumer(ClusterProtocol.Addresses.worker(node.id()), this::onWorld).completion().await();
        JsonObject hello = ClusterProtocol.message("join").put("id", node.id()).put("address", node.address()).put("threads", threads);
        Message<JsonObject> reply;
        try {
            reply = node.vertx().eventBus().<JsonObject>request(ClusterProtocol.Addresses.FARM_JOIN, hello,
                    new DeliveryOptions().setSendTimeout(30_000)).await();
        } catch (ReplyException e) {
            if (e.failureType() == ReplyFailure.RECIPIENT_FAILURE && e.failureCode() == ClusterProtocol.REFUSED) {
                throw new IllegalStateException("the coordinator refused this worker: " + e.getMessage());
            }
            return null;  // nobody listens yet, or no answer: try again later
        }
        String refusal = ClusterProtocol.refusal(reply.body(), "welcome", "the coordinator");
        if (refusal != null) throw new IllegalStateException(refusal);
        log.printf(Locale.ROOT, "worker %s: joined the coordinator; running up to %d world%s at once%n", node.address(), threads,
                threads == 1 ? "" : "s");
        return reply.body().getString("coordinator");
    }

    private void onWorld(Message<JsonObject> message) {
        String refusal = ClusterProtocol.refusal(message.body(), "world", "the coordinator");
        if (refusal != null) {
            message.fail(ClusterProtocol.REFUSED, refusal);
            return;
        }
        // a world takes a core for its whole run: off the event loop, on a thread of its own
        Thread.ofPlatform().name("world-" + message.body().getInteger("index")).start(() -> {
            try {
                RunStatistics stats = WorldWire.decodeJob(message.body().getString("world")).run();
                message.reply(ClusterProtocol.message("result").put("index", message.body().getInteger("index"))
                        .put("statistics", WorldWire.encode(stats)));
            } catch (RuntimeException e) {
                message.fail(ClusterProtocol.WORLD_FAILED, String.valueOf(e.getMessage()));
            }
        });
    }
}
