package dev.scatterbatch.app.cluster;

import dev.scatterbatch.app.Main;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scatterbatch command in a JVM of its own, as a user starts it on another machine: its output goes to files, and
 * {@link #close} kills it by its pid (SIGKILL) if it is still running, so a failed test leaves no process behind.
 */
final class MemberProcess implements AutoCloseable {

    /** What the launcher passes: Hazelcast reads JDK internals. */
    private static final List<String> JVM_FLAGS = List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
            "--add-modules", "java.se", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens",
            "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens",
            "java.management/sun.management=ALL-UNNAMED", "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "-Djava.awt.headless=true", "-Dhazelcast.logging.type=none", "-Xmx384m", "-XX:TieredStopAtLevel=1");

    private final Process process;
    private final Path out;
    private final Path err;

    private MemberProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts {@code scatterbatch args} in a new JVM with this test's class path; output under {@code dir} as {@code name}.out/.err. */
    static MemberProcess start(Path dir, String name, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new MemberProcess(p, out, err);
    }

    /** A port nobody listens on now (a small race with other processes, harmless on loopback). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The cluster address a host or coordinator started on port 0 announces on standard error. */
    String clusterAddress(Duration timeout) throws InterruptedException {
        Pattern announced = Pattern.compile("(?:listening at|coordinator at) (127\\.0\\.0\\.1:\\d+)");
        if (!awaitErr(e -> announced.matcher(e).find(), timeout)) throw new AssertionError("no cluster address announced:\n" + err());
        Matcher m = announced.matcher(err());
        m.find();
        return m.group(1);
    }

    /** A cluster name no other test or session uses. */
    static String uniqueClusterName(String what) {
        return "test-" + what + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    }

    /** Waits for the process to exit; its exit code. */
    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + timeout + "; stderr so far:\n" + err());
        }
        return process.exitValue();
    }

    /** Waits until standard error says what {@code seen} looks for, or the process ends, or {@code timeout} passes. */
    boolean awaitErr(Predicate<String> seen, Duration timeout) throws InterruptedException {
        return await(this::err, seen, timeout);
    }

    /** As {@link #awaitErr}, on standard output. */
    boolean awaitOut(Predicate<String> seen, Duration timeout) throws InterruptedException {
        return await(this::out, seen, timeout);
    }

    private boolean await(Supplier<String> text, Predicate<String> seen, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (seen.test(text.get())) return true;
            if (!process.isAlive()) return seen.test(text.get());
            Thread.sleep(200);
        }
        return false;
    }

    /** Kills the process at once (SIGKILL), as a crash or an OOM killer would. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    String out() {
        return read(out);
    }

    String err() {
        return read(err);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) kill();
    }
}
