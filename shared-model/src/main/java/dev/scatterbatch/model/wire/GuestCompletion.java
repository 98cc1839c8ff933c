package dev.scatterbatch.model.wire;

/**
 * The answer to a guest request, delivered at its completion time.
 *
 * @param guestId       the guest's index
 * @param sequence      the request's sequence number
 * @param completedAtNs virtual time the guest resumes
 * @param ret           0, or the negative errno the host answered
 * @param error         what failed, in a sentence, or null
 */
public record GuestCompletion(int guestId, long sequence, long completedAtNs, int ret, String error) {

    /** Whether the request succeeded. */
    public boolean ok() {
        return ret == 0;
    }
}
