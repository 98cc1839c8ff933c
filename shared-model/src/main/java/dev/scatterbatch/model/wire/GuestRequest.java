package dev.scatterbatch.model.wire;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A request from a guest (or, in the bare-metal scenario, from the native application) to the host. The
 * hypervisor orders requests by (issue time, guest, sequence).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = UserptrRequest.class, name = "userptr"),
        @JsonSubTypes.Type(value = ComputeRequest.class, name = "compute"),
        @JsonSubTypes.Type(value = GuestFinished.class, name = "finished")})
public sealed interface GuestRequest permits UserptrRequest, ComputeRequest, GuestFinished {

    /** Iteration number of requests made before the first iteration (run-lifetime buffers). */
    int SETUP = -1;
    /** Iteration number of requests made after the last iteration. */
    int TEARDOWN = -2;

    /** The guest's index. */
    int guestId();

    /** The guest's own running number of this request. */
    long sequence();

    /** Virtual time the guest issued it. */
    long issuedAtNs();

    /** The benchmark iteration it belongs to, or {@link #SETUP} / {@link #TEARDOWN}. */
    int iteration();
}
