package dev.scatterbatch.host.verticle;

import dev.scatterbatch.bus.Codecs;
import dev.scatterbatch.bus.FailureCodes;
import dev.scatterbatch.host.HostCommandRefused;
import dev.scatterbatch.host.HostKernel;
import dev.scatterbatch.host.hypervisor.RecordingObserver;
import dev.scatterbatch.host.hypervisor.Vmm;
import dev.scatterbatch.model.cost.CostLedger;
import dev.scatterbatch.model.wire.Addresses;
import dev.scatterbatch.model.wire.ChargedReply;
import dev.scatterbatch.model.wire.HostCommand;
import dev.scatterbatch.model.wire.HostReply;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;

import java.util.List;

/**
 * The host kernel on the event bus: answers each {@link HostCommand} with the kernel's reply and what the command
 * cost, as a {@link ChargedReply} (an ioctl's errno is part of a normal reply, as the kernel returns it). A command the host cannot take at all is answered with a
 * failure whose code is the kernel's errno for it (ESRCH for a process that does not exist, see
 * {@link HostCommandRefused}); anything else the model throws is a bug in it, answered with
 * {@link FailureCodes#MODEL_FAULT}.
 */
public final class HostGpuVerticle extends VerticleBase {

    private static final long[] NO_COST = new CostLedger().toArray();

    private final String world;
    private final HostKernel kernel;
    /** The guests' VMMs when they run here (their host calls plain calls), by guest; else empty. */
    private final List<Vmm> vmms;
    /** What those VMMs report, carried to the scheduler in each answer. */
    private final RecordingObserver vmmEvents;

    /** The host kernel alone: the hypervisor's VMMs send each host call as a {@link HostCommand}. */
    public HostGpuVerticle(String world, HostKernel kernel) {
        this(world, kernel, List.of(), new RecordingObserver());
    }

    /**
     * The host kernel with the guests' VMMs beside it, answering {@link VmmMessage}s too; {@code vmms} must report
     * to {@code vmmEvents} and call {@code kernel} directly.
     */
    public HostGpuVerticle(String world, HostKernel kernel, List<Vmm> vmms, RecordingObserver vmmEvents) {
        this.world = world;
        this.kernel = kernel;
        this.vmms = List.copyOf(vmms);
        this.vmmEvents = vmmEvents;
    }

    @Override
    public Future<?> start() {
        Codecs.registerAll(vertx.eventBus());
        BusPorts.registerVmmCodecs(vertx.eventBus());
        return vertx.eventBus().consumer(Addresses.hostGpu(world), this::onCommand).completion();
    }

    private void onCommand(Message<Object> message) {
        try {
            message.reply(switch (message.body()) {
                case HostCommand c -> {
                    CostLedger cost = new CostLedger();
                    HostReply reply = kernel.handle(c, cost);
                    yield new ChargedReply(reply, cost.toArray());
                }
                case VmmMessage m -> answer(m);
                default -> throw new IllegalArgumentException("not a host command: " + message.body().getClass().getSimpleName());
            });
        } catch (HostCommandRefused e) {
            message.fail(e.errno().number(), "host: " + e.getMessage());
        } catch (RuntimeException e) {
            message.fail(FailureCodes.MODEL_FAULT, "host: " + e.getMessage());
        }
    }

    private VmmMessage.Answer answer(VmmMessage m) {
        if (m.guest() < 0 || m.guest() >= vmms.size()) throw new IllegalArgumentException("no VMM of guest " + m.guest() + " here");
        Vmm vmm = vmms.get(m.guest());
        vmmEvents.drain();
        return switch (m) {
            case VmmMessage.Boot b -> new VmmMessage.Answer(vmm.boot(), null, NO_COST, vmmEvents.drain());
            case VmmMessage.Shutdown s -> new VmmMessage.Answer(vmm.shutdown(s.atNs()), null, NO_COST, vmmEvents.drain());
            case VmmMessage.Abandon a -> new VmmMessage.Answer(vmm.abandon(a.atNs()), null, NO_COST, vmmEvents.drain());
            case VmmMessage.Handle h -> {
                CostLedger cost = new CostLedger();
                Vmm.Outcome o = vmm.handle(h.request(), cost);
                yield new VmmMessage.Answer(o.replies(), o.result(), cost.toArray(), vmmEvents.drain());
            }
        };
    }
}
