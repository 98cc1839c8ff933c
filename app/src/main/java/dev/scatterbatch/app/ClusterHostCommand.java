package dev.scatterbatch.app;

import dev.scatterbatch.app.cluster.ClusterNode;
import dev.scatterbatch.app.cluster.GuestHosting;
import dev.scatterbatch.app.report.BenchFormats;
import dev.scatterbatch.app.report.BenchReport;
import dev.scatterbatch.app.run.Benchmark;
import dev.scatterbatch.app.run.Transport;
import dev.scatterbatch.app.run.World;
import dev.scatterbatch.app.run.WorldSpec;
import dev.scatterbatch.app.serve.LiveServer;
import dev.scatterbatch.host.hypervisor.SimulationObserver;
import dev.scatterbatch.model.scenario.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;

/**
 * {@code scatterbatch host}: the hypervisor's scheduler, the host kernel and the GPU as one cluster member, with each
 * guest its own process ({@code scatterbatch guest}); runs the benchmark once, or continuously with {@code --serve}.
 */
@Command(name = "host", mixinStandardHelpOptions = true,
        description = "Runs the hypervisor, host kernel and GPU as a cluster member, waits for --guests N guest processes "
                + "(scatterbatch guest --join ADDR:PORT --guest-id I), runs the benchmark and prints the same report as bench "
                + "--guests N; with --serve runs continuously and serves /metrics, /health and /api/params as serve does.")
public final class ClusterHostCommand implements Callable<Integer> {

    /** The cluster port when --cluster-port is not given: Hazelcast's usual one. */
    static final int DEFAULT_PORT = 5701;

    @Spec
    CommandSpec spec;

    @Mixin
    WorldOptions world;

    @Option(names = "--scenarios", paramLabel = "LIST", defaultValue = Scenario.DEFAULT_LIST,
            description = "Comma-separated scenarios: bare-metal, per-range, batch, batch-v4, mremap, svm-pinned, svm (default: ${DEFAULT-VALUE}).")
    String scenarios;

    @Option(names = "--format", paramLabel = "table|json|csv", defaultValue = "table", description = "Output format (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--serve", description = "Run continuously, paced to the wall clock, and serve /metrics, /health and /api/params.")
    boolean serve;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "9464", description = "With --serve: the HTTP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "With --serve: the HTTP address (default: ${DEFAULT-VALUE}); another address requires --token or SCATTERBATCH_TOKEN.")
    String bind;

    @Option(names = "--token", paramLabel = "TOKEN", description = "With --serve: the bearer token PUT /api/params must present, on any address (default: SCATTERBATCH_TOKEN).")
    String token;

    @Option(names = "--speed", paramLabel = "FACTOR", defaultValue = "1", description = "With --serve: virtual seconds per wall second (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "With --serve: stop after this many wall seconds (default: until interrupted).")
    Double durationSeconds;

    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() throws InterruptedException {
        List<Scenario> list = Scenario.parseList(scenarios);
        OutputFormat out = OutputFormat.parse(format);
        WorldSpec base = world.spec(Scenario.BARE_METAL);
        LiveServer.Settings http = serve ? ServeCommand.settings(base, list, Transport.CLUSTER, speed, port, durationSeconds, bind, token) : null;
        ClusterNode node = ClusterNode.start(cluster.listening("127.0.0.1", DEFAULT_PORT));
        GuestHosting guests = null;
        try {
            guests = GuestHosting.listen(node, base.guests(), System.err);
            System.err.printf(Locale.ROOT, "host: listening at %s (cluster %s); start each guest with: scatterbatch guest --join %s "
                    + "--cluster-name %s --guest-id I (I = 0 to %d)%n", node.address(), cluster.clusterName, node.address(),
                    cluster.clusterName, base.guests() - 1);
            guests.awaitGuests();
            GuestHosting hosting = guests;
            if (http != null) {
                serve(http, (s, observer) -> World.withRemoteGuests(s, observer, node.vertx(), hosting));
            } else {
                BenchReport report = Benchmark.runWith(base, list, Transport.CLUSTER, specs -> specs.stream()
                        .map(s -> Benchmark.runBuilt(s, observer -> World.withRemoteGuests(s, observer, node.vertx(), hosting))).toList());
                PrintWriter o = spec.commandLine().getOut();
                o.print(switch (out) {
                    case TABLE -> BenchFormats.table(report);
                    case JSON -> BenchFormats.json(report);
                    case CSV -> BenchFormats.csv(report);
                });
                o.flush();
            }
            List<Integer> lost = guests.lost();
            if (!lost.isEmpty()) {
                System.err.println("host: guest" + (lost.size() == 1 ? " " : "s ") + lost + " did not finish the run (lost; the report's error says where)");
                return Main.EXIT_FAILURE;
            }
            return 0;
        } finally {
            if (guests != null) guests.finish();
            node.close();
        }
    }

    private void serve(LiveServer.Settings settings, BiFunction<WorldSpec, SimulationObserver, World> worlds) throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        ServeCommand.serveUntilStopped(LiveServer.start(settings, line -> ServeCommand.log(out, line), worlds), durationSeconds);
    }
}
