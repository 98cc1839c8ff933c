package dev.scatterbatch.app;

import dev.scatterbatch.app.cluster.ClusterNode;
import dev.scatterbatch.model.cost.ConfigException;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** How this process takes part in a cluster: the cluster's name, and the address and ports it listens on. */
public final class ClusterOptions {

    @Option(names = "--cluster-name", paramLabel = "NAME", defaultValue = "scatterbatch",
            description = "Only members with the same name join each other: one name per experiment (default: ${DEFAULT-VALUE}).")
    String clusterName;

    @Option(names = "--cluster-host", paramLabel = "ADDR",
            description = "The address of this machine the others reach it at (default: the one that routes to the peer; 127.0.0.1 on loopback).")
    String clusterHost;

    @Option(names = "--cluster-port", paramLabel = "P",
            description = "The cluster (Hazelcast) port of this member (default: the port of --cluster for a coordinator, 5701 for a host, any free one otherwise).")
    Integer clusterPort;

    @Option(names = "--bus-port", paramLabel = "P", defaultValue = "0",
            description = "The Vert.x event-bus port of this member (default: any free one; fix it to open it in a firewall).")
    int busPort;

    @Option(names = "--members", paramLabel = "LIST", split = ",",
            description = "More members to look for peers at, host:port each (comma-separated).")
    List<String> members = new ArrayList<>();

    /** The settings of a member that reaches {@code peer} ({@code host:port}) and listens on {@code defaultPort} unless told. */
    ClusterNode.Settings settings(String option, String peer, int defaultPort) {
        HostPort p = HostPort.parse(option, peer);
        int port = clusterPort != null ? clusterPort : defaultPort;
        if (port < 0 || port > 65535) throw new ConfigException("--cluster-port must be 0 to 65535, got " + port);
        if (busPort < 0 || busPort > 65535) throw new ConfigException("--bus-port must be 0 to 65535, got " + busPort);
        for (String m : members) HostPort.parse("--members", m);
        List<String> all = new ArrayList<>(members);
        all.add(p.host() + ":" + p.port());
        String host = clusterHost != null ? clusterHost : routeTo(p.host());
        return new ClusterNode.Settings(clusterName, host, port, busPort, all);
    }

    /**
     * The settings of a member others join (a host, a coordinator): it listens at {@code host:port} unless
     * {@code --cluster-host}/{@code --cluster-port} say otherwise (port 0: any free one, announced when it starts).
     */
    ClusterNode.Settings listening(String host, int port) {
        int p = clusterPort != null ? clusterPort : port;
        if (p < 0 || p > 65535) throw new ConfigException("--cluster-port must be 0 to 65535, got " + p);
        if (busPort < 0 || busPort > 65535) throw new ConfigException("--bus-port must be 0 to 65535, got " + busPort);
        for (String m : members) HostPort.parse("--members", m);
        return new ClusterNode.Settings(clusterName, clusterHost != null ? clusterHost : host, p, busPort, List.copyOf(members));
    }

    /** The address of this machine that traffic to {@code peer} leaves from (no packet is sent: a UDP connect only routes). */
    private static String routeTo(String peer) {
        try {
            InetAddress address = InetAddress.getByName(peer);
            if (address.isLoopbackAddress()) return "127.0.0.1";
            try (DatagramSocket s = new DatagramSocket()) {
                s.connect(new InetSocketAddress(address, 9));
                return s.getLocalAddress().getHostAddress();
            }
        } catch (UnknownHostException e) {
            throw new ConfigException("cannot resolve the cluster address " + peer);
        } catch (IOException e) {
            throw new ConfigException("no route to the cluster address " + peer + ": " + e.getMessage() + "; give --cluster-host");
        }
    }

    /** An {@code ADDR:PORT} of the command line. */
    record HostPort(String host, int port) {
        static HostPort parse(String option, String text) {
            int colon = text == null ? -1 : text.lastIndexOf(':');
            if (colon <= 0) throw new ConfigException(option + " must be ADDR:PORT, such as 10.0.0.5:5701, got '" + text + "'");
            try {
                int port = Integer.parseInt(text.substring(colon + 1));
                if (port >= 1 && port <= 65535) return new HostPort(text.substring(0, colon), port);
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new ConfigException(option + " " + text + ": the port must be a number from 1 to 65535");
        }
    }
}
