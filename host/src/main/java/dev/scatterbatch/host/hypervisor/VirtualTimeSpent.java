package dev.scatterbatch.host.hypervisor;

import dev.scatterbatch.model.wire.HostReply;

import java.util.List;

/**
 * A VMM request reached past the world's end of virtual time ({@link VmmPort#stopAt}) and stopped there; the
 * scheduler that set the end catches it, takes in the host's replies to the calls made before, and reports the world
 * as not finished.
 */
final class VirtualTimeSpent extends RuntimeException {

    private final transient List<HostReply> replies;

    VirtualTimeSpent(long atNs, long endNs, List<HostReply> replies) {
        super("a host call at " + atNs + " ns is past the end of virtual time at " + endNs + " ns", null, false, false);
        this.replies = List.copyOf(replies);
    }

    /** The host's replies to the request's calls before it stopped, in order. */
    List<HostReply> replies() {
        return replies;
    }
}
