package dev.scatterbatch.host.verticle;

import dev.scatterbatch.bus.Codecs;
import dev.scatterbatch.host.hypervisor.VirtualTimeScheduler;
import dev.scatterbatch.model.wire.Addresses;
import dev.scatterbatch.model.wire.RunWorld;
import dev.scatterbatch.model.wire.WorldProgress;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;

import java.util.function.Function;

/**
 * The hypervisor of one world on the event bus. Deploy it with the virtual-thread threading model: a
 * {@link RunWorld} message runs the scheduler, which awaits each guest and host reply in turn, and is answered
 * with the world's {@link WorldProgress}. A failure is answered with code {@link #RUN_FAILED} and the reason.
 */
public final class HypervisorVerticle extends VerticleBase {

    /** Failure code of a run that stopped on an error (EIO). */
    public static final int RUN_FAILED = 5;

    private final String world;
    private final Function<Vertx, VirtualTimeScheduler> schedulerFactory;
    private VirtualTimeScheduler scheduler;

    /** The hypervisor of {@code world}; the factory builds its scheduler with ports onto this Vert.x. */
    public HypervisorVerticle(String world, Function<Vertx, VirtualTimeScheduler> schedulerFactory) {
        this.world = world;
        this.schedulerFactory = schedulerFactory;
    }

    @Override
    public Future<?> start() {
        Codecs.registerAll(vertx.eventBus());
        scheduler = schedulerFactory.apply(vertx);
        return vertx.eventBus().consumer(Addresses.hypervisor(world), this::onRun).completion();
    }

    private void onRun(Message<RunWorld> message) {
        try {
            boolean done = scheduler.runUntil(message.body().limitNs());
            message.reply(new WorldProgress(scheduler.nowNs(), done));
        } catch (RuntimeException e) {
            message.fail(RUN_FAILED, "world " + world + " stopped: " + e.getMessage());
        }
    }
}
