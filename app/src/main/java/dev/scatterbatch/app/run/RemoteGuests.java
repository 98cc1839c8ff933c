package dev.scatterbatch.app.run;

import dev.scatterbatch.host.hypervisor.GuestPort;
import dev.scatterbatch.model.cost.TrapCostProfile;

import java.util.List;

/** Guests that live in other processes: each world's guests are booted there and ended there. */
public interface RemoteGuests {

    /** Boots guest 0..n-1 of the world {@code worldId} of {@code spec} where they live; returns the hypervisor's port to each. */
    List<GuestPort> boot(String worldId, WorldSpec spec);

    /**
     * The world {@code worldId} runs under {@code profile} from its next event: its guests see it from their next buffer
     * (whether they split it in the guest). Returns once every guest still present has it.
     */
    void profile(String worldId, TrapCostProfile profile);

    /** Ends the guests of {@code worldId} (the world is over). */
    void end(String worldId);
}
