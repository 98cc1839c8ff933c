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
    /**
     * Iteration number of the unmeasured iterations a guest runs after its last one while other guests of its world
     * still measure theirs: they keep the host as loaded as it was, so every measured iteration of every guest ran
     * with all the world's guests sharing the host.
     */
    int BACKGROUND = -3;

    /** The guest's index. */
    int guestId();

    /** The guest's own running number of this request. */
    long sequence();

    /** Virtual time the guest issued it. */
    long issuedAtNs();

    /** The benchmark iteration it belongs to, or {@link #SETUP} / {@link #TEARDOWN} / {@link #BACKGROUND}. */
    int iteration();
}
