package dev.scatterbatch.app.run;

import dev.scatterbatch.model.cost.ConfigException;

import java.util.Locale;

/** How the hypervisor reaches guests and host: plain calls, or verticles over the Vert.x event bus. */
public enum Transport {
    /** Method calls on one thread: fastest, for sweeps. */
    DIRECT,
    /** {@code GuestKernelVerticle}, {@code HypervisorVerticle} and {@code HostGpuVerticle} over the event bus. */
    EVENTBUS,
    /**
     * The same verticles on two clustered Vert.x nodes (Hazelcast on loopback): guests on one, hypervisor and host
     * on the other, every message crossing as JSON, as guest and host in separate JVMs would.
     */
    CLUSTER;

    /** The name on the command line and in reports. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The transport named {@code key}. */
    public static Transport parse(String key) {
        for (Transport t : values()) {
            if (t.key().equals(key)) return t;
        }
        throw new ConfigException("unknown transport '" + key + "'; known transports: direct, eventbus, cluster");
    }
}
