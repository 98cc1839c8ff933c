package dev.scatterbatch.model.wire;

import java.util.List;

/**
 * The host's answer to a {@link HostCommand}. What the command cost is not part of it: the host charges it to the
 * caller's ledger as it goes (a plain call), and only a reply that crosses the event bus carries it, as a
 * {@link ChargedReply}.
 *
 * @param ret         0 or a negative errno
 * @param errno       the errno's name, or null
 * @param handle      the handle an ALLOC returned, else 0
 * @param events      host events that happened, in time order
 * @param nextEventNs when the host's next own event is due, or {@link Long#MAX_VALUE}
 */
public record HostReply(int ret, String errno, long handle, List<HostEvent> events, long nextEventNs) {

    public HostReply {
        // most replies carry no event: List.copyOf would still copy the empty list into a new array first
        events = events.isEmpty() ? List.of() : List.copyOf(events);
    }

    /** Whether the command succeeded. */
    public boolean ok() {
        return ret == 0;
    }
}
