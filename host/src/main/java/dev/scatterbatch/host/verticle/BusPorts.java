package dev.scatterbatch.host.verticle;

import dev.scatterbatch.host.hypervisor.GuestPort;
import dev.scatterbatch.host.hypervisor.HostGpuPort;
import dev.scatterbatch.model.wire.Addresses;
import dev.scatterbatch.model.wire.GuestCompletion;
import dev.scatterbatch.model.wire.GuestRequest;
import dev.scatterbatch.model.wire.GuestStart;
import dev.scatterbatch.model.wire.HostReply;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;

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
        return command -> request(vertx, address, command, options, HostReply.class);
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
