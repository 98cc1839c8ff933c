package dev.scatterbatch.app;

import dev.scatterbatch.app.cluster.WorldFarm;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --cluster ADDR:PORT}: a command that runs many worlds hands them to the workers that join there instead of
 * running them all on this machine (sweep, calibrate and map; any command that runs a list of worlds can take it).
 */
public final class CoordinatorOptions {

    @Option(names = "--cluster", paramLabel = "ADDR:PORT",
            description = "Coordinate workers: listen at ADDR:PORT (an address of this machine) and hand the worlds to the workers "
                    + "that join there (scatterbatch worker --join ADDR:PORT); results are the same as a local run.")
    String cluster;

    @Mixin
    ClusterOptions options;

    /** Whether --cluster was given. */
    boolean enabled() {
        return cluster != null;
    }

    /** Starts the coordinator; progress of {@code what} goes to standard error. */
    WorldFarm start(int localThreads, String what) {
        ClusterOptions.HostPort at = ClusterOptions.HostPort.parse("--cluster", cluster);
        return WorldFarm.start(options.listening(at.host(), at.port()), localThreads, System.err, what);
    }
}
