package dev.scatterbatch.dashboards.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs Prometheus's {@code promtool} checks. */
public final class Promtool {

    /**
     * What promtool answered.
     *
     * @param exitCode 0 when the check passed
     * @param output   standard output and standard error together
     */
    public record Result(int exitCode, String output) {
    }

    private static final long TIMEOUT_SECONDS = 60;

    private Promtool() {
    }

    /** {@code promtool check rules FILE}: every rule's expression parses as PromQL. */
    public static Result checkRules(Path rulesFile) {
        return run(List.of(PrometheusBinaries.promtool().toString(), "check", "rules", rulesFile.toString()), "");
    }

    /** {@code promtool check config FILE}: a Prometheus configuration file is valid. */
    public static Result checkConfig(Path configFile) {
        return run(List.of(PrometheusBinaries.promtool().toString(), "check", "config", configFile.toString()), "");
    }

    /**
     * {@code promtool check metrics} on a scrape in the Prometheus text format 0.0.4: the promlint naming
     * rules (help text, base units, {@code _total} on counters only, snake_case, ...). Exit code 0 with no
     * output means no problem; problems give exit code 3 and one line each.
     */
    public static Result checkMetrics(String exposition) {
        return run(List.of(PrometheusBinaries.promtool().toString(), "check", "metrics"), exposition);
    }

    private static Result run(List<String> command, String stdin) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        }
        try {
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException(command + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), output.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot talk to " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        } finally {
            process.destroyForcibly();
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
