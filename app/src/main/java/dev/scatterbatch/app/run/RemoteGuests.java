package dev.scatterbatch.app.run;

import dev.scatterbatch.host.hypervisor.GuestPort;

import java.util.List;

/** Guests that live in other processes: each world's guests are booted there and ended there. */
public interface RemoteGuests {

    /** Boots guest 0..n-1 of the world {@code worldId} of {@code spec} where they live; returns the hypervisor's port to each. */
    List<GuestPort> boot(String worldId, WorldSpec spec);

    /** Ends the guests of {@code worldId} (the world is over). */
    void end(String worldId);
}
