package dev.scatterbatch.model.wire;

/**
 * The guest has nothing more to do.
 *
 * @param guestId    the guest's index
 * @param sequence   the guest's running number
 * @param issuedAtNs virtual time it finished
 * @param iteration  always {@link GuestRequest#TEARDOWN}
 * @param error      why it stopped early, or null when it completed every iteration
 */
public record GuestFinished(int guestId, long sequence, long issuedAtNs, int iteration, String error)
        implements GuestRequest {
}
