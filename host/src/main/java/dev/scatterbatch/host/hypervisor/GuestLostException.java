package dev.scatterbatch.host.hypervisor;

/**
 * A guest that can no longer answer: its process died, was killed or was cut off. The scheduler retires it (its VMM
 * releases what the guest had registered and its KFD process exits) and runs the other guests on.
 */
public final class GuestLostException extends RuntimeException {

    /** Guest {@code guestId} is lost, for {@code reason} (which names the guest's address where it has one). */
    public GuestLostException(int guestId, String reason) {
        super("guest " + guestId + " lost: " + reason);
    }
}
