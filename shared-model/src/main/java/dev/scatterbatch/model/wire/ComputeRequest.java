package dev.scatterbatch.model.wire;

/**
 * The iteration's GPU work: submit it and wait for it to finish.
 *
 * @param guestId    the guest's index
 * @param sequence   the guest's running number
 * @param issuedAtNs virtual issue time
 * @param iteration  the iteration it belongs to
 * @param gpuNs      GPU time the work takes on bare metal (the host applies the guest slowdown)
 */
public record ComputeRequest(int guestId, long sequence, long issuedAtNs, int iteration, long gpuNs)
        implements GuestRequest {
}
