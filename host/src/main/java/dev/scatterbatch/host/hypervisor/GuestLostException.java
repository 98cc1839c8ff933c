package dev.scatterbatch.host.hypervisor;

/**
 * A guest that can no longer answer: its process died, was killed or was cut off. The scheduler retires it (its VMM
 * releases what the guest had registered and its KFD process exits) and runs the other guests on.
 */
public final class GuestLostException extends RuntimeException {

    /** The guest whose process is at {@code address} is lost, for {@code reason}. */
    public GuestLostException(String address, String reason) {
        super("its process at " + address + " is lost: " + reason);
    }
}
