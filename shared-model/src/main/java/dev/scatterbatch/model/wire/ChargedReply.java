package dev.scatterbatch.model.wire;

import dev.scatterbatch.model.cost.Component;

/**
 * A {@link HostReply} as it crosses the event bus, with what the command cost: on the bus the host cannot charge the
 * caller's ledger itself, so the caller adds {@code costNs} to it when the answer arrives.
 *
 * @param reply  the host's reply
 * @param costNs simulated cost charged, by {@link Component} ordinal
 */
public record ChargedReply(HostReply reply, long[] costNs) {
}
