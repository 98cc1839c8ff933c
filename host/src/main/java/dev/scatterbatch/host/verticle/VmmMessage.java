package dev.scatterbatch.host.verticle;

import dev.scatterbatch.host.hypervisor.SimulationEvent;
import dev.scatterbatch.host.hypervisor.VmmResult;
import dev.scatterbatch.model.wire.HostReply;
import dev.scatterbatch.model.wire.UserptrRequest;

import java.util.List;

/**
 * What the hypervisor asks of guest {@code guest}'s VMM, which runs beside the host kernel (in the same verticle,
 * so its host calls are plain calls): one message per guest request instead of one per host call. Only ever sent
 * on the local bus (the hypervisor and the host kernel share a node), by reference.
 */
public sealed interface VmmMessage {

    /** The guest whose VMM is asked. */
    int guest();

    /** {@link dev.scatterbatch.host.hypervisor.Vmm#boot}. */
    record Boot(int guest) implements VmmMessage {
    }

    /** {@link dev.scatterbatch.host.hypervisor.Vmm#handle}. */
    record Handle(int guest, UserptrRequest request) implements VmmMessage {
    }

    /** {@link dev.scatterbatch.host.hypervisor.Vmm#shutdown}. */
    record Shutdown(int guest, long atNs) implements VmmMessage {
    }

    /** {@link dev.scatterbatch.host.hypervisor.Vmm#abandon}. */
    record Abandon(int guest, long atNs) implements VmmMessage {
    }

    /**
     * The VMM's answer: the host's replies, the request's result (null but for {@link Handle}), what it cost by
     * component ordinal (empty but for {@link Handle}), and the events the VMM reported, in order.
     */
    record Answer(List<HostReply> replies, VmmResult result, long[] costNs, List<SimulationEvent> events) {
    }
}
