package dev.scatterbatch.app.cluster;

import dev.scatterbatch.app.run.World;
import dev.scatterbatch.app.run.WorldSpec;
import dev.scatterbatch.bus.Codecs;
import dev.scatterbatch.guest.verticle.GuestKernelVerticle;
import dev.scatterbatch.model.cost.TrapCostProfile;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One guest as its own process: it joins the host's cluster, and for every world the host runs it boots its guest
 * kernel and benchmark app (workload, seed and scenario come from the host) as a {@link GuestKernelVerticle} the
 * host's hypervisor talks to. It ends when the host says the run is over, or fails when the host leaves first.
 */
public final class GuestMember {

    /** Pause between two attempts to reach a host that is not up yet. */
    static final long RETRY_MS = 2_000;

    private final ClusterNode.Settings settings;
    private final int guestId;
    private final PrintStream log;
    private final Map<String, String> deployments = new ConcurrentHashMap<>();
    /** Each booted world's profile in force, as the host last said: the guest's split follows it. */
    private final Map<String, AtomicReference<TrapCostProfile>> profiles = new ConcurrentHashMap<>();
    private final Promise<Void> over = Promise.promise();
    private ClusterNode node;

    /** Guest {@code guestId}, joining at {@code settings.members()}. */
    public GuestMember(ClusterNode.Settings settings, int guestId, PrintStream log) {
        this.settings = settings;
        this.guestId = guestId;
        this.log = log;
    }

    /**
     * Joins the host (trying for up to {@code waitMs} while none is up), takes part in its run and returns when the
     * run is over.
     *
     * @throws IllegalStateException one sentence: the host refused this guest, none answered, or it left before the end
     */
    public void run(long waitMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + waitMs;
        JsonObject welcome;
        while (true) {
            node = ClusterNode.start(settings);
            node.vertx().eventBus().<JsonObject>consumer(ClusterProtocol.Addresses.guestControl(guestId), this::onOrder).completion().await();
            welcome = join();
            if (welcome != null) break;
            node.close();
            if (System.currentTimeMillis() >= deadline) {
                throw new IllegalStateException("guest " + guestId + ": no host answered at " + settings.members() + " within "
                        + waitMs / 1000 + " s");
            }
            Thread.sleep(RETRY_MS);
        }
        String host = welcome.getString("host");
        String hostAddress = welcome.getString("address");
        node.onMemberLeft(id -> {
            if (id.equals(host)) {
                over.tryFail("guest " + guestId + ": the host at " + hostAddress + " left the cluster before the run ended (it died or was stopped)");
            }
        });
        if (!node.isPresent(host)) over.tryFail("guest " + guestId + ": the host at " + hostAddress + " left the cluster before the run began");
        log.printf("guest %d: joined the host at %s as %s%n", guestId, hostAddress, node.address());
        try {
            over.future().toCompletionStage().toCompletableFuture().join();
        } catch (CompletionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } finally {
            node.close();
        }
    }

    /** Asks the host to take this guest; its welcome, or null while no host is up. */
    private JsonObject join() {
        JsonObject hello = ClusterProtocol.message("join").put("guestId", guestId).put("id", node.id()).put("address", node.address());
        try {
            JsonObject reply = node.vertx().eventBus().<JsonObject>request(ClusterProtocol.Addresses.HOST_JOIN, hello,
                    new DeliveryOptions().setSendTimeout(30_000)).await().body();
            String refusal = ClusterProtocol.refusal(reply, "welcome", "the host");
            if (refusal != null) throw new IllegalStateException("guest " + guestId + ": " + refusal);
            return reply;
        } catch (ReplyException e) {
            if (e.failureType() == ReplyFailure.RECIPIENT_FAILURE) throw new IllegalStateException("guest " + guestId + ": " + e.getMessage());
            return null;
        }
    }

    private void onOrder(Message<JsonObject> message) {
        JsonObject m = message.body();
        String type = m == null ? null : m.getString("type");
        String refusal = ClusterProtocol.refusal(m, type == null ? "order" : type, "the host");
        if (refusal != null) {
            message.fail(ClusterProtocol.REFUSED, refusal);
            return;
        }
        try {
            switch (type) {
                case "boot" -> {
                    WorldSpec spec = WorldWire.decode(m.getString("spec"));
                    String world = m.getString("world");
                    Codecs.registerAll(node.vertx().eventBus());
                    AtomicReference<TrapCostProfile> profile = new AtomicReference<>(spec.profile());
                    profiles.put(world, profile);
                    node.vertx().deployVerticle(new GuestKernelVerticle(world, guestId, World.guestApp(spec, guestId, profile::get)),
                            new DeploymentOptions().setThreadingModel(ThreadingModel.VIRTUAL_THREAD)).onComplete(d -> {
                        if (d.succeeded()) {
                            deployments.put(world, d.result());
                            message.reply(ClusterProtocol.message("booted"));
                        } else {
                            message.fail(ClusterProtocol.WORLD_FAILED, "guest " + guestId + " cannot boot: " + d.cause().getMessage());
                        }
                    });
                }
                case "profile" -> {
                    AtomicReference<TrapCostProfile> profile = profiles.get(m.getString("world"));
                    if (profile == null) {
                        message.fail(ClusterProtocol.WORLD_FAILED, "guest " + guestId + " runs no world " + m.getString("world"));
                        return;
                    }
                    profile.set(WorldWire.decodeProfile(m.getString("profile")));
                    message.reply(ClusterProtocol.message("profiled"));
                }
                case "end" -> {
                    profiles.remove(m.getString("world"));
                    String deployment = deployments.remove(m.getString("world"));
                    if (deployment != null) node.vertx().undeploy(deployment);
                    message.reply(ClusterProtocol.message("ended"));
                }
                case "finish" -> {
                    message.reply(ClusterProtocol.message("finished"));
                    over.tryComplete();
                }
                default -> message.fail(ClusterProtocol.REFUSED, "guest " + guestId + " has no order " + type);
            }
        } catch (RuntimeException e) {
            message.fail(ClusterProtocol.WORLD_FAILED, "guest " + guestId + ": " + e.getMessage());
        }
    }
}
