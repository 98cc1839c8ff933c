package dev.scatterbatch.app.cluster;

import dev.scatterbatch.app.run.RemoteGuests;
import dev.scatterbatch.app.run.WorldSpec;
import dev.scatterbatch.bus.Codecs;
import dev.scatterbatch.host.hypervisor.GuestLostException;
import dev.scatterbatch.host.hypervisor.GuestPort;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.wire.Addresses;
import dev.scatterbatch.model.wire.GuestCompletion;
import dev.scatterbatch.model.wire.GuestRequest;
import dev.scatterbatch.model.wire.GuestStart;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * The host's side of guests that run as their own processes: it takes guest 0..n-1 as they join (refusing another
 * version, an id out of range or one taken), boots each world's guests in them, and gives the hypervisor a port to
 * each that fails with {@link GuestLostException} as soon as the guest's member leaves the cluster (or does not answer
 * within {@link #ANSWER_TIMEOUT_MS}), so a dead guest never hangs the run.
 */
public final class GuestHosting implements RemoteGuests {

    /** Longest wait for one guest's answer: a live guest answers in microseconds; this only bounds a hung one. */
    static final long ANSWER_TIMEOUT_MS = 60_000;

    private record Guest(int id, String member, String address, Promise<Void> lost) {
    }

    private final ClusterNode node;
    private final PrintStream log;
    private final Guest[] guests;
    private final CountDownLatch joined;

    private GuestHosting(ClusterNode node, int count, PrintStream log) {
        this.node = node;
        this.log = log;
        this.guests = new Guest[count];
        this.joined = new CountDownLatch(count);
    }

    /** Listens on {@code node} for {@code count} guests to join. */
    public static GuestHosting listen(ClusterNode node, int count, PrintStream log) {
        GuestHosting hosting = new GuestHosting(node, count, log);
        Codecs.registerAll(node.vertx().eventBus());
        node.onMemberLeft(hosting::onMemberLeft);
        node.vertx().eventBus().<JsonObject>consumer(ClusterProtocol.Addresses.HOST_JOIN, hosting::onJoin).completion().await();
        return hosting;
    }

    /** Waits until every guest has joined. */
    public void awaitGuests() throws InterruptedException {
        joined.await();
    }

    private synchronized void onJoin(Message<JsonObject> message) {
        JsonObject m = message.body();
        String who = "guest " + (m == null ? "?" : m.getValue("guestId") + " at " + m.getString("address"));
        String refusal = ClusterProtocol.refusal(m, "join", who);
        int id = refusal == null ? m.getInteger("guestId", -1) : -1;
        if (refusal == null && (id < 0 || id >= guests.length)) {
            refusal = who + ": this host runs guests 0 to " + (guests.length - 1);
        } else if (refusal == null && guests[id] != null) {
            refusal = who + ": guest " + id + " has joined already, from " + guests[id].address();
        }
        if (refusal != null) {
            log.println("host: refused " + refusal);
            message.fail(ClusterProtocol.REFUSED, refusal);
            return;
        }
        guests[id] = new Guest(id, m.getString("id"), m.getString("address"), Promise.promise());
        joined.countDown();
        log.printf(Locale.ROOT, "host: guest %d joined from %s (%d of %d)%n", id, guests[id].address(),
                guests.length - joined.getCount(), guests.length);
        message.reply(ClusterProtocol.message("welcome").put("host", node.id()).put("address", node.address()));
    }

    private synchronized void onMemberLeft(String member) {
        for (Guest g : guests) {
            if (g != null && g.member().equals(member) && g.lost().tryComplete()) {
                log.printf("host: guest %d at %s left the cluster (it died or was killed); its VMM ends, its KFD process exits, "
                        + "the other guests go on%n", g.id(), g.address());
            }
        }
    }

    @Override
    public List<GuestPort> boot(String worldId, WorldSpec spec) {
        List<GuestPort> ports = new ArrayList<>();
        String json = WorldWire.encode(spec);
        for (Guest g : guests) {
            try {
                ask(g, ClusterProtocol.Addresses.guestControl(g.id()), ClusterProtocol.message("boot").put("world", worldId).put("spec", json));
            } catch (GuestLostException e) {
                // the port fails at once: the scheduler retires the guest at the world's start
            }
            ports.add(port(g, worldId));
        }
        return ports;
    }

    @Override
    public void profile(String worldId, TrapCostProfile profile) {
        String json = WorldWire.encode(profile);
        for (Guest g : guests) {
            try {
                ask(g, ClusterProtocol.Addresses.guestControl(g.id()), ClusterProtocol.message("profile").put("world", worldId).put("profile", json));
            } catch (GuestLostException e) {
                // a lost guest runs nothing more
            }
        }
    }

    @Override
    public void end(String worldId) {
        for (Guest g : guests) {
            try {
                ask(g, ClusterProtocol.Addresses.guestControl(g.id()), ClusterProtocol.message("end").put("world", worldId));
            } catch (GuestLostException e) {
                // nothing left to end there
            }
        }
    }

    /** Tells every guest still present that the run is over, so it exits. */
    public void finish() {
        for (Guest g : guests) {
            try {
                if (g != null) ask(g, ClusterProtocol.Addresses.guestControl(g.id()), ClusterProtocol.message("finish"));
            } catch (GuestLostException e) {
                // gone already
            }
        }
    }

    /** Which guests are lost, by id. */
    public List<Integer> lost() {
        List<Integer> out = new ArrayList<>();
        for (Guest g : guests) if (g.lost().future().isComplete()) out.add(g.id());
        return out;
    }

    private GuestPort port(Guest g, String worldId) {
        String address = Addresses.guest(worldId, g.id());
        return new GuestPort() {
            @Override
            public GuestRequest start() {
                return (GuestRequest) ask(g, address, new GuestStart(g.id()));
            }

            @Override
            public GuestRequest complete(GuestCompletion completion) {
                return (GuestRequest) ask(g, address, completion);
            }
        };
    }

    /** Guest {@code g}'s answer to {@code body}; fails with {@link GuestLostException} once the guest is gone. */
    private Object ask(Guest g, String address, Object body) {
        if (g.lost().future().isComplete()) throw lost(g, "it left the cluster");
        Promise<Message<Object>> answer = Promise.promise();
        node.vertx().eventBus().request(address, body, new DeliveryOptions().setSendTimeout(ANSWER_TIMEOUT_MS)).onComplete((reply, failure) -> {
            if (failure == null) answer.tryComplete(reply);
            else answer.tryFail(failure);
        });
        g.lost().future().onComplete(x -> answer.tryFail("it left the cluster"));
        try {
            // await, not join: on the hypervisor's virtual-thread context the reply is delivered to this very context
            return answer.future().await().body();
        } catch (ReplyException re) {
            if (re.failureType() == ReplyFailure.RECIPIENT_FAILURE && !g.lost().future().isComplete()) {
                throw new IllegalStateException(address + " failed with code " + re.failureCode() + ": " + re.getMessage(), re);
            }
            throw retire(g, re.getMessage());
        } catch (RuntimeException e) {
            throw retire(g, e.getMessage());
        }
    }

    /** Marks {@code g} lost (saying so once) and gives the exception its port throws. */
    private GuestLostException retire(Guest g, String why) {
        if (g.lost().tryComplete()) {
            log.printf("host: guest %d at %s does not answer (%s); its VMM ends, the other guests go on%n", g.id(), g.address(), why);
        }
        return lost(g, why);
    }

    private static GuestLostException lost(Guest g, String why) {
        return new GuestLostException(g.address(), why);
    }
}
