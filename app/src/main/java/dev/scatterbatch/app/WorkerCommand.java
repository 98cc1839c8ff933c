package dev.scatterbatch.app;

import dev.scatterbatch.app.cluster.FarmWorker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code scatterbatch worker}: offers this machine's cores to the sweeps and calibrations of a cluster. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Offers this machine's cores to a coordinator (sweep, calibrate with --cluster): runs the worlds it is "
                + "handed and sends back their results. Keeps trying while no coordinator is up, and serves the next one when "
                + "a coordinator finishes. Ctrl-C stops it (its unfinished worlds go to other workers).")
public final class WorkerCommand implements Callable<Integer> {

    @Option(names = "--join", paramLabel = "ADDR:PORT", required = true, description = "The coordinator's --cluster address.")
    String join;

    @Mixin
    ThreadsOption threads;

    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() throws InterruptedException {
        new FarmWorker(cluster.settings("--join", join, 0), threads.count(), System.err).serveForever();
        return 0;
    }
}
