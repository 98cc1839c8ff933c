package dev.scatterbatch.app;

import dev.scatterbatch.model.cost.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/**
 * The {@code scatterbatch} command line. Exit codes: 0 success, 1 a failure while running, 2 bad usage or
 * bad input (one sentence on standard error naming what is wrong).
 */
@Command(name = "scatterbatch", mixinStandardHelpOptions = true, version = "scatterbatch 0.1.0",
        description = "A model of a virtualized GPU stack: how one batch userptr ioctl beats one ioctl per range.",
        subcommands = {
                BenchCommand.class,
                ReplayCommand.class,
                ServeCommand.class,
                ParamsCommand.class,
                ProbeKvmCommand.class,
                SweepCommand.class,
                MapCommand.class,
                CalibrateCommand.class,
                ClusterHostCommand.class,
                ClusterGuestCommand.class,
                WorkerCommand.class,
                CommandLine.HelpCommand.class,
        })
public final class Main implements Runnable {

    /** Exit code for bad usage or input. */
    public static final int EXIT_USAGE = 2;
    /** Exit code for a failure while running. */
    public static final int EXIT_FAILURE = 1;

    /** The launcher caps the heap by the machine's cores; a run that needs more says how to give it more. */
    private static final String OUT_OF_HEAP = "the run needs more heap than the %d MiB it may use: give it more with"
            + " SCATTERBATCH_JAVA_OPTS=-Xmx2g (or run fewer worlds at once with --threads where the command has it).";

    @Spec
    private CommandSpec spec;

    /** Without a command: the top-level help. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the command line and returns the exit code. */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the command line writing to {@code out} and {@code err}; returns the exit code (used by tests). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        HelpLayout.apply(cli);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException ce) {
                cmd.getErr().println("error: " + sentence(ce.getMessage()));
                return EXIT_USAGE;
            }
            if (outOfHeap(e)) {
                cmd.getErr().println("failed: " + OUT_OF_HEAP.formatted(Runtime.getRuntime().maxMemory() >> 20));
                return EXIT_FAILURE;
            }
            cmd.getErr().println("failed: " + sentence(String.valueOf(e.getMessage())));
            if (System.getenv("SCATTERBATCH_DEBUG") != null) e.printStackTrace(cmd.getErr());
            return EXIT_FAILURE;
        });
        cli.setParameterExceptionHandler((e, argv) -> {
            e.getCommandLine().getErr().println("error: " + sentence(e.getMessage()));
            e.getCommandLine().getErr().println("(try: " + e.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            return EXIT_USAGE;
        });
        return cli.execute(args);
    }

    /** Whether {@code e} is, or was caused by, running out of heap (a world on a pool thread fails so). */
    private static boolean outOfHeap(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) if (t instanceof OutOfMemoryError) return true;
        return false;
    }

    private static String sentence(String s) {
        return s.endsWith(".") ? s : s + ".";
    }

    public static void main(String[] args) {
        try {
            System.exit(execute(args));
        } catch (OutOfMemoryError e) {
            System.err.println("failed: " + OUT_OF_HEAP.formatted(Runtime.getRuntime().maxMemory() >> 20));
            System.exit(EXIT_FAILURE);
        }
    }
}
