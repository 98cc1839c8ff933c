package dev.scatterbatch.guest.verticle;

import dev.scatterbatch.bus.Codecs;
import dev.scatterbatch.bus.FailureCodes;
import dev.scatterbatch.guest.bench.BenchmarkApp;
import dev.scatterbatch.model.uapi.Errno;
import dev.scatterbatch.model.wire.Addresses;
import dev.scatterbatch.model.wire.GuestCompletion;
import dev.scatterbatch.model.wire.GuestStart;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;

/**
 * One guest on the event bus. The hypervisor sends {@link GuestStart}, then each request's
 * {@link GuestCompletion}; the guest answers every message with its next request (a buffer guest memory cannot
 * hold ends the app, which reports it in its {@code GuestFinished}). A message it cannot accept (another guest's, or
 * a completion of a request not in flight) fails with the errno a kernel would give, {@code EINVAL}; anything else the
 * model throws is a bug in it, answered with {@link FailureCodes#MODEL_FAULT}.
 */
public final class GuestKernelVerticle extends VerticleBase {

    private final String world;
    private final int guestId;
    private final BenchmarkApp app;

    /** The guest {@code guestId} of {@code world}, running {@code app}. */
    public GuestKernelVerticle(String world, int guestId, BenchmarkApp app) {
        this.world = world;
        this.guestId = guestId;
        this.app = app;
    }

    @Override
    public Future<?> start() {
        Codecs.registerAll(vertx.eventBus());
        return vertx.eventBus().consumer(Addresses.guest(world, guestId), this::onMessage).completion();
    }

    private void onMessage(Message<Object> message) {
        try {
            switch (message.body()) {
                case GuestStart s when s.guestId() == guestId -> message.reply(app.start());
                case GuestCompletion c when c.guestId() == guestId && app.awaits(c) -> message.reply(app.onCompletion(c));
                case null, default -> message.fail(Errno.EINVAL.number(), "guest " + guestId + " cannot accept " + describe(message.body()));
            }
        } catch (RuntimeException e) {
            message.fail(FailureCodes.MODEL_FAULT, "guest " + guestId + ": " + e.getMessage());
        }
    }

    private static String describe(Object body) {
        return body == null ? "an empty message" : body.toString();
    }
}
