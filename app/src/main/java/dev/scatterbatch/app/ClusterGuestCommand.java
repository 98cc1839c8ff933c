package dev.scatterbatch.app;

import dev.scatterbatch.app.cluster.GuestMember;
import dev.scatterbatch.model.cost.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code scatterbatch guest}: one guest (guest kernel and benchmark app) as its own process, run by a host. */
@Command(name = "guest", mixinStandardHelpOptions = true,
        description = "Runs guest I (its guest kernel and benchmark app) as a member of a host's cluster; workload, seed and "
                + "scenarios come from the host. Exits 0 when the host's run ends, 1 with one sentence if the host goes away.")
public final class ClusterGuestCommand implements Callable<Integer> {

    @Option(names = "--join", paramLabel = "ADDR:PORT", required = true, description = "The host's cluster address.")
    String join;

    @Option(names = "--guest-id", paramLabel = "I", required = true, description = "Which guest this is: 0 to the host's --guests minus 1.")
    int guestId;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "120",
            description = "How long to keep trying while no host answers (default: ${DEFAULT-VALUE}).")
    int waitSeconds;

    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() throws InterruptedException {
        if (guestId < 0 || guestId > 63) throw new ConfigException("--guest-id must be 0 to 63, got " + guestId);
        if (waitSeconds < 1) throw new ConfigException("--wait must be at least 1 second, got " + waitSeconds);
        new GuestMember(cluster.settings("--join", join, 0), guestId, System.err).run(waitSeconds * 1000L);
        return 0;
    }
}
