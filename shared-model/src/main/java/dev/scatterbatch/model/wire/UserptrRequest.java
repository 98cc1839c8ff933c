package dev.scatterbatch.model.wire;

import java.util.List;

/**
 * A virtio-gpu userptr request: one forwarded round trip. With the split in the guest it names one part (one
 * run) of the buffer; otherwise {@code part} is {@link #WHOLE_BUFFER} and the request carries the whole list.
 *
 * @param guestId    the guest's index
 * @param sequence   the guest's running number
 * @param issuedAtNs virtual issue time
 * @param iteration  the iteration it belongs to
 * @param op         what to do
 * @param bufferId   the guest's buffer number
 * @param part       which run, or {@link #WHOLE_BUFFER}
 * @param partOffset the part's byte offset in the buffer (0 for the whole buffer): its offset in the GPU VA
 * @param bufferBytes the whole buffer's size
 * @param runs       for REGISTER: the runs to register (the whole scatter list, or the one run of the part)
 * @param hugeBacked whether the runs are backed by 2 MiB pages
 */
public record UserptrRequest(int guestId, long sequence, long issuedAtNs, int iteration, UserptrOp op,
                             long bufferId, int part, long partOffset, long bufferBytes, List<GpaRun> runs,
                             boolean hugeBacked) implements GuestRequest {

    /** {@code part} of a request about the whole buffer. */
    public static final int WHOLE_BUFFER = -1;

    public UserptrRequest {
        runs = List.copyOf(runs);
    }
}
