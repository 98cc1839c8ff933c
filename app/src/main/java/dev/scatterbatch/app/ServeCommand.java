package dev.scatterbatch.app;

import dev.scatterbatch.app.run.Transport;
import dev.scatterbatch.app.serve.LiveServer;
import dev.scatterbatch.model.cost.ConfigException;
import dev.scatterbatch.model.scenario.Scenario;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;

/**
 * {@code scatterbatch serve}: runs guests continuously, paced to the wall clock, and serves the tuning page at
 * {@code /}, {@code /metrics}, {@code /health} and {@code /api/params} until interrupted.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Runs the model continuously, paced to the wall clock, and serves a tuning page at /, /metrics (Prometheus), "
                + "/health and /api/params (GET the profile, PUT a partial profile to tune it live). Ctrl-C stops it.")
public final class ServeCommand implements Callable<Integer> {

    /** How long serve runs without --duration: until Ctrl-C. */
    private static final Duration FOREVER = Duration.ofNanos(Long.MAX_VALUE);

    @Spec
    CommandSpec spec;

    @Mixin
    WorldOptions world;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "9464", description = "HTTP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}); a non-loopback address requires --token or SCATTERBATCH_TOKEN.")
    String bind;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Bearer token PUT /api/params must present, on any address (default: SCATTERBATCH_TOKEN from the environment).")
    String token;

    @Option(names = "--speed", paramLabel = "FACTOR", defaultValue = "1", description = "Virtual seconds per wall second (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--scenarios", paramLabel = "LIST", defaultValue = Scenario.DEFAULT_LIST, description = "Scenarios to run side by side (default: ${DEFAULT-VALUE}).")
    String scenarios;

    @Option(names = "--transport", paramLabel = "direct|eventbus", defaultValue = "direct",
            description = "direct: each world's guest, hypervisor and host call each other, and serve drives the worlds over the event bus; "
                    + "eventbus: every simulated request crosses the event bus, at several times the CPU (default: ${DEFAULT-VALUE}).")
    String transport;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop after this many wall seconds (default: run until interrupted).")
    Double durationSeconds;

    @Override
    public Integer call() throws InterruptedException {
        LiveServer server = start();
        Thread hook = new Thread(server::close, "serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            server.awaitStop(durationSeconds != null ? Duration.ofMillis(Math.round(durationSeconds * 1000)) : FOREVER);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is closing the server; the JVM waits for it
            }
            server.close();
        }
        return 0;
    }

    /**
     * Starts serve as {@code scatterbatch serve args} would, without waiting for it to stop (for tests and
     * embedding): close the returned server to stop it. Log lines go to {@code out}.
     *
     * @throws ConfigException                    for a bad option value, as the command line reports it
     * @throws picocli.CommandLine.ParameterException for an unknown option or a value of the wrong type
     */
    public static LiveServer start(PrintWriter out, String... args) {
        ServeCommand command = new ServeCommand();
        CommandLine cli = new CommandLine(command);
        cli.setOut(out);
        cli.parseArgs(args);
        return command.start();
    }

    /** Validates the options and starts the server. */
    private LiveServer start() {
        if (!(speed > 0) || speed > 1000) throw new ConfigException("--speed must be above 0 and at most 1000, got " + speed);
        if (port < 0 || port > 65535) throw new ConfigException("--port must be 0 to 65535, got " + port);
        if (durationSeconds != null && !(durationSeconds > 0)) throw new ConfigException("--duration must be above 0 seconds, got " + durationSeconds);
        String bearer = token != null ? token : System.getenv("SCATTERBATCH_TOKEN");
        if (!isLoopback(bind) && (bearer == null || bearer.isBlank())) {
            throw new ConfigException("--bind " + bind + " is not a loopback address: give --token (or SCATTERBATCH_TOKEN) so PUT /api/params needs it");
        }
        Transport t = Transport.parse(transport);
        if (t == Transport.CLUSTER) throw new ConfigException("--transport cluster is for bench; serve runs direct or eventbus");
        LiveServer.Settings settings = new LiveServer.Settings(world.spec(Scenario.BARE_METAL), Scenario.parseList(scenarios),
                t, speed, bind, port, bearer == null || bearer.isBlank() ? null : bearer);
        PrintWriter out = spec.commandLine().getOut();
        return LiveServer.start(settings, line -> log(out, line));
    }

    /** A log line: the wall-clock time to the millisecond, then the line. */
    private static void log(PrintWriter out, String line) {
        out.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + line);
        out.flush();
    }

    static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new ConfigException("--bind " + address + " is not an address this host can resolve");
        }
    }
}
