package dev.scatterbatch.host.hypervisor;

import dev.scatterbatch.model.cost.CostLedger;
import dev.scatterbatch.model.wire.HostReply;
import dev.scatterbatch.model.wire.UserptrRequest;

import java.util.List;

/**
 * How the scheduler reaches a guest's VMM: the {@link Vmm} itself, or the VMM running beside the host kernel on
 * the event bus, one message per guest request (the VMM's host calls are system calls of one host process, so
 * they stay plain calls there).
 */
public interface VmmPort {

    /** Starts the process on the host and, in a VM, maps guest RAM into it ({@link Vmm#boot}). */
    List<HostReply> boot();

    /** Handles one guest request, charging its whole cost to {@code cost} ({@link Vmm#handle}). */
    Vmm.Outcome handle(UserptrRequest request, CostLedger cost);

    /** The process exits at the end of the run ({@link Vmm#shutdown}). */
    List<HostReply> shutdown(long atNs);

    /** The guest is gone: release what it registered, then exit ({@link Vmm#abandon}). */
    List<HostReply> abandon(long atNs);

    /**
     * Nothing past {@code endNs} of virtual time will ever be needed (the world's budget): a request whose guest-visible
     * work reaches past it may stop there ({@link Vmm#stopAt}). A VMM across the event bus runs every request to its end.
     */
    default void stopAt(long endNs) {
    }
}
