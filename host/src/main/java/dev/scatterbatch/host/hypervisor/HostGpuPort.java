package dev.scatterbatch.host.hypervisor;

import dev.scatterbatch.model.wire.HostCommand;
import dev.scatterbatch.model.wire.HostReply;

/** The hypervisor's line to the host kernel: a plain call, or a request over the event bus. */
@FunctionalInterface
public interface HostGpuPort {
    /** Sends {@code command} and waits for the host's reply. */
    HostReply call(HostCommand command);
}
