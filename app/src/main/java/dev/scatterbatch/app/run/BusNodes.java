package dev.scatterbatch.app.run;

import com.hazelcast.config.Config;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * The Vert.x nodes a world's verticles live on: one node for everything, or two clustered nodes (the guests on
 * one, the hypervisor and host kernel on the other), where every message crosses the wire as JSON.
 *
 * @param host   where HypervisorVerticle and HostGpuVerticle run
 * @param guests where the GuestKernelVerticles run
 */
public record BusNodes(Vertx host, Vertx guests) implements AutoCloseable {

    /** One fresh, non-clustered Vert.x for everything. */
    public static BusNodes local() {
        Vertx v = Vertx.vertx();
        return new BusNodes(v, v);
    }

    /**
     * Two Vert.x nodes in this JVM joined by a Hazelcast cluster on loopback (TCP members, no multicast), so
     * guest and host exchange their messages through the JSON wire codecs as separate JVMs would.
     */
    public static BusNodes clustered() {
        Vertx host = clusteredNode();
        try {
            return new BusNodes(host, clusteredNode());
        } catch (RuntimeException e) {
            host.close().await();
            throw e;
        }
    }

    private static Vertx clusteredNode() {
        Config hz = memberListConfig("scatterbatch-" + ProcessHandle.current().pid(), "127.0.0.1");
        return Vertx.builder()
                .with(new VertxOptions().setEventBusOptions(new EventBusOptions().setHost("127.0.0.1").setClusterPublicHost("127.0.0.1")))
                .withClusterManager(new HazelcastClusterManager(hz))
                .buildClustered().await();
    }

    /**
     * A Hazelcast configuration that joins by TCP/IP member list only (no multicast, no auto-detection), bound to
     * {@code host} and listing it as the first member, quiet (no phone-home, no banner) and without a join delay.
     */
    public static Config memberListConfig(String clusterName, String host) {
        Config hz = ConfigUtil.loadConfig();
        hz.setClusterName(clusterName);
        hz.setProperty("hazelcast.phone.home.enabled", "false");
        hz.setProperty("hazelcast.wait.seconds.before.join", "0");
        hz.setProperty("hazelcast.logging.type", "none");  // its banner and chatter help nobody
        var join = hz.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember(host);
        hz.getNetworkConfig().getInterfaces().setEnabled(true).addInterface(host);
        return hz;
    }

    @Override
    public void close() {
        guests.close().await();
        if (host != guests) host.close().await();
    }
}
