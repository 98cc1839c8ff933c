package dev.scatterbatch.host.verticle;

import dev.scatterbatch.bus.Codecs;
import dev.scatterbatch.host.hypervisor.GuestPort;
import dev.scatterbatch.host.hypervisor.HostGpuPort;
import dev.scatterbatch.host.hypervisor.SimulationEvent;
import dev.scatterbatch.host.hypervisor.SimulationObserver;
import dev.scatterbatch.host.hypervisor.Vmm;
import dev.scatterbatch.host.hypervisor.VmmPort;
import dev.scatterbatch.model.cost.CostLedger;
import dev.scatterbatch.model.wire.Addresses;
import dev.scatterbatch.model.wire.ChargedReply;
import dev.scatterbatch.model.wire.GuestCompletion;
import dev.scatterbatch.model.wire.GuestRequest;
import dev.scatterbatch.model.wire.GuestStart;
import dev.scatterbatch.model.wire.HostReply;
import dev.scatterbatch.model.wire.UserptrRequest;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;

import java.util.List;

/**
 * Ports over the event bus, for the scheduler running on a virtual thread: each call is a request-reply that
 * the scheduler awaits. A peer that does not answer, or answers with a failure, stops the run with an error
 * naming the peer, the failure and its code.
 */
public final class BusPorts {

    private BusPorts() {
    }

    /** The host kernel of {@code world}. */
    public static HostGpuPort host(Vertx vertx, String world, long timeoutMs) {
        String address = Addresses.hostGpu(world);
        DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMs);
        return (command, cost) -> {
            ChargedReply answer = request(vertx, address, command, options, ChargedReply.class);
            cost.addAll(answer.costNs());
            return answer.reply();
        };
    }

    /**
     * The VMM of guest {@code guestId}, running beside {@code world}'s host kernel: one request and reply per guest
     * request (its host calls are plain calls there); the events the VMM reported are passed on to {@code observer}
     * as the answer arrives, before anything else happens, so they come in the order of the direct transport.
     */
    public static VmmPort vmm(Vertx vertx, String world, int guestId, long timeoutMs, SimulationObserver observer) {
        String address = Addresses.hostGpu(world);
        DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMs);
        registerVmmCodecs(vertx.eventBus());
        return new VmmPort() {
            @Override
            public List<HostReply> boot() {
                return ask(new VmmMessage.Boot(guestId)).replies();
            }

            @Override
            public Vmm.Outcome handle(UserptrRequest request, CostLedger cost) {
                VmmMessage.Answer a = ask(new VmmMessage.Handle(guestId, request));
                cost.addAll(a.costNs());
                return new Vmm.Outcome(a.result(), a.replies());
            }

            @Override
            public List<HostReply> shutdown(long atNs) {
                return ask(new VmmMessage.Shutdown(guestId, atNs)).replies();
            }

            @Override
            public List<HostReply> abandon(long atNs) {
                return ask(new VmmMessage.Abandon(guestId, atNs)).replies();
            }

            private VmmMessage.Answer ask(VmmMessage m) {
                VmmMessage.Answer a = request(vertx, address, m, options, VmmMessage.Answer.class);
                for (SimulationEvent e : a.events()) observer.on(e);
                return a;
            }
        };
    }

    /** The codecs of {@link VmmMessage} and its answer (by reference: they only travel on the local bus). */
    static void registerVmmCodecs(EventBus bus) {
        Codecs.registerOnce(bus, VmmMessage.class, VmmMessage.Answer.class);
    }

    /** Guest {@code guestId} of {@code world}. */
    public static GuestPort guest(Vertx vertx, String world, int guestId, long timeoutMs) {
        String address = Addresses.guest(world, guestId);
        DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMs);
        return new GuestPort() {
            @Override
            public GuestRequest start() {
                return request(vertx, address, new GuestStart(guestId), options, GuestRequest.class);
            }

            @Override
            public GuestRequest complete(GuestCompletion completion) {
                return request(vertx, address, completion, options, GuestRequest.class);
            }
        };
    }

    private static <T> T request(Vertx vertx, String address, Object body, DeliveryOptions options, Class<T> type) {
        try {
            return type.cast(vertx.eventBus().request(address, body, options).await().body());
        } catch (ReplyException e) {
            throw new PeerFailedException(address, e);
        }
    }

    /** A peer on the bus did not answer, or answered with a failure. */
    public static final class PeerFailedException extends RuntimeException {
        private final int failureCode;

        PeerFailedException(String address, ReplyException cause) {
            super(switch (cause.failureType()) {
                case TIMEOUT -> "no answer from " + address + " before the timeout (a dead peer?)";
                case NO_HANDLERS -> "nobody listens at " + address + " (the peer is not deployed or has died)";
                default -> address + " failed with code " + cause.failureCode() + ": " + cause.getMessage();
            }, cause);
            this.failureCode = cause.failureCode();
        }

        /** The failure code the peer gave (an errno), or -1 for a timeout or a missing peer. */
        public int failureCode() {
            return failureCode;
        }
    }
}
