package dev.scatterbatch.host.hypervisor;

import dev.scatterbatch.model.cost.CostLedger;
import dev.scatterbatch.model.wire.HostCommand;
import dev.scatterbatch.model.wire.HostReply;

/** The hypervisor's line to the host kernel: a plain call, or a request over the event bus. */
@FunctionalInterface
public interface HostGpuPort {
    /** Sends {@code command}, waits for the host's reply, and charges what the command cost to {@code cost}. */
    HostReply call(HostCommand command, CostLedger cost);
}
