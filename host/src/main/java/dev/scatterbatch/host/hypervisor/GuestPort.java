package dev.scatterbatch.host.hypervisor;

import dev.scatterbatch.model.wire.GuestCompletion;
import dev.scatterbatch.model.wire.GuestRequest;

/** The hypervisor's line to one guest: a plain call, or a request over the event bus. */
public interface GuestPort {
    /** Starts the guest; returns its first request. */
    GuestRequest start();

    /** Delivers the answer to the guest's request in flight; returns its next request. */
    GuestRequest complete(GuestCompletion completion);
}
