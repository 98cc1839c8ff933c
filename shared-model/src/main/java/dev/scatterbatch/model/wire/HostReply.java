package dev.scatterbatch.model.wire;

import dev.scatterbatch.model.cost.Component;

import java.util.List;

/**
 * The host's answer to a {@link HostCommand}.
 *
 * @param ret         0 or a negative errno
 * @param errno       the errno's name, or null
 * @param costNs      simulated cost charged, by {@link Component} ordinal
 * @param handle      the handle an ALLOC returned, else 0
 * @param events      host events that happened, in time order
 * @param nextEventNs when the host's next own event is due, or {@link Long#MAX_VALUE}
 */
public record HostReply(int ret, String errno, long[] costNs, long handle, List<HostEvent> events, long nextEventNs) {

    public HostReply {
        // most replies carry no event: List.copyOf would still copy the empty list into a new array first
        events = events.isEmpty() ? List.of() : List.copyOf(events);
    }

    /** Whether the command succeeded. */
    public boolean ok() {
        return ret == 0;
    }
}
