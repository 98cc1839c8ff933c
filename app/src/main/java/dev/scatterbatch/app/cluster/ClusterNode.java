package dev.scatterbatch.app.cluster;

import dev.scatterbatch.app.run.BusNodes;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * One member of a scatterbatch cluster: a Vert.x node clustered by Hazelcast, which finds its peers from a fixed
 * TCP/IP member list (no multicast, no cloud discovery), so it works across machines and routers alike. It tells
 * who left: Hazelcast removes a member whose heartbeats stop for {@link #HEARTBEAT_TIMEOUT_SECONDS}, or at once
 * when it shuts down.
 */
public final class ClusterNode implements AutoCloseable {

    /** Seconds without a heartbeat after which a member counts as dead: long enough for a GC pause on a loaded machine. */
    public static final int HEARTBEAT_TIMEOUT_SECONDS = 10;

    /**
     * Where and how a member listens.
     *
     * @param clusterName members with another name never join (one name per experiment)
     * @param host        the address this member binds and announces to the others (an IP of this machine)
     * @param port        the Hazelcast port (0: any free one)
     * @param busPort     the Vert.x event-bus port (0: any free one)
     * @param members     the addresses to look for peers at, {@code host:port} each
     */
    public record Settings(String clusterName, String host, int port, int busPort, List<String> members) {
    }

    private final Vertx vertx;
    private final HazelcastInstance hazelcast;
    private final List<Consumer<String>> onLeft = new CopyOnWriteArrayList<>();

    private ClusterNode(Vertx vertx, HazelcastInstance hazelcast) {
        this.vertx = vertx;
        this.hazelcast = hazelcast;
        hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                String id = event.getMember().getUuid().toString();
                for (Consumer<String> listener : onLeft) listener.accept(id);
            }
        });
    }

    /** Starts a member and joins whoever of {@code settings.members()} is up (alone if nobody is). */
    public static ClusterNode start(Settings settings) {
        Config hz = BusNodes.memberListConfig(settings.clusterName(), settings.host());
        hz.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        hz.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(HEARTBEAT_TIMEOUT_SECONDS));
        hz.getNetworkConfig().setPort(settings.port()).setPortAutoIncrement(false);
        var tcp = hz.getNetworkConfig().getJoin().getTcpIpConfig().setConnectionTimeoutSeconds(2);
        settings.members().forEach(tcp::addMember);
        HazelcastClusterManager manager = new HazelcastClusterManager(hz);
        Vertx vertx = Vertx.builder()
                // Hazelcast's membership and subscription updates run on the event loop and take seconds on a loaded
                // machine: not worth a blocked-thread warning each
                .with(new VertxOptions().setMaxEventLoopExecuteTime(10).setMaxEventLoopExecuteTimeUnit(TimeUnit.SECONDS).setEventBusOptions(new EventBusOptions().setHost(settings.host()).setPort(settings.busPort())
                        .setClusterPublicHost(settings.host())))
                .withClusterManager(manager)
                .buildClustered().await();
        return new ClusterNode(vertx, manager.getHazelcastInstance());
    }

    /** The member's Vert.x. */
    public Vertx vertx() {
        return vertx;
    }

    /** This member's id in the cluster. */
    public String id() {
        return hazelcast.getCluster().getLocalMember().getUuid().toString();
    }

    /** This member's address, {@code host:port}, as the others see it. */
    public String address() {
        return describe(hazelcast.getCluster().getLocalMember());
    }

    /** The ids of the members present now, this one included. */
    public Set<String> memberIds() {
        return hazelcast.getCluster().getMembers().stream().map(m -> m.getUuid().toString()).collect(Collectors.toSet());
    }

    /** Whether member {@code id} is still in the cluster. */
    public boolean isPresent(String id) {
        return memberIds().contains(id);
    }

    /** {@code listener} hears the id of every member that leaves (dies, is killed, or shuts down), on a Hazelcast thread. */
    public void onMemberLeft(Consumer<String> listener) {
        onLeft.add(listener);
    }

    private static String describe(Member m) {
        return m.getAddress().getHost() + ":" + m.getAddress().getPort();
    }

    /** Leaves the cluster. */
    @Override
    public void close() {
        vertx.close().await();
    }
}
