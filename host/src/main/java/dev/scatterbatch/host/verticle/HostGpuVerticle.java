package dev.scatterbatch.host.verticle;

import dev.scatterbatch.bus.Codecs;
import dev.scatterbatch.bus.FailureCodes;
import dev.scatterbatch.host.HostCommandRefused;
import dev.scatterbatch.host.HostKernel;
import dev.scatterbatch.model.wire.Addresses;
import dev.scatterbatch.model.wire.HostCommand;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;

/**
 * The host kernel on the event bus: answers each {@link HostCommand} with the kernel's reply (an ioctl's errno
 * is part of a normal reply, as the kernel returns it). A command the host cannot take at all is answered with a
 * failure whose code is the kernel's errno for it (ESRCH for a process that does not exist, see
 * {@link HostCommandRefused}); anything else the model throws is a bug in it, answered with
 * {@link FailureCodes#MODEL_FAULT}.
 */
public final class HostGpuVerticle extends VerticleBase {

    private final String world;
    private final HostKernel kernel;

    public HostGpuVerticle(String world, HostKernel kernel) {
        this.world = world;
        this.kernel = kernel;
    }

    @Override
    public Future<?> start() {
        Codecs.registerAll(vertx.eventBus());
        return vertx.eventBus().<HostCommand>consumer(Addresses.hostGpu(world), this::onCommand).completion();
    }

    private void onCommand(Message<HostCommand> message) {
        try {
            message.reply(kernel.handle(message.body()));
        } catch (HostCommandRefused e) {
            message.fail(e.errno().number(), "host: " + e.getMessage());
        } catch (RuntimeException e) {
            message.fail(FailureCodes.MODEL_FAULT, "host: " + e.getMessage());
        }
    }
}
