package dev.scatterbatch.app;

import dev.scatterbatch.host.replay.ReplayRunner;
import dev.scatterbatch.host.replay.TraceFormat;
import dev.scatterbatch.model.cost.ConfigException;
import dev.scatterbatch.model.cost.ProfileLoader;
import dev.scatterbatch.model.cost.TrapCostProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code scatterbatch replay FILE}: runs a JSON Lines ioctl trace against the host KFD model and prints one JSON
 * result per line (docs/replay.md). Exit code 0 when every line was understood and every recorded answer matched,
 * 1 when a recorded answer did not match, 2 when a line could not be understood.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Runs a JSON Lines ioctl trace against the host KFD model and prints one JSON result per line (docs/replay.md).")
public final class ReplayCommand implements Callable<Integer> {

    /** A recorded answer ({@code "expect"}) differed from the model's. */
    static final int EXIT_MISMATCH = 1;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the trace, or - for standard input")
    private String file;

    @Option(names = "--profile", paramLabel = "NAME|FILE", defaultValue = "default",
            description = "cost profile timing the restore worker (default: ${DEFAULT-VALUE})")
    private String profileName;

    @Option(names = "--set", paramLabel = "name=value", description = "overrides a profile parameter (repeatable)")
    private List<String> overrides = new ArrayList<>();

    @Option(names = "--from", paramLabel = "FORMAT", defaultValue = "jsonl",
            description = "the trace's format: jsonl, strace or ioctl-log (default: ${DEFAULT-VALUE})")
    private String from;

    @Option(names = "--emit", paramLabel = "FILE", description = "also writes the converted JSON Lines trace to FILE")
    private Path emit;

    @Override
    public Integer call() {
        TrapCostProfile profile = ProfileLoader.applyOverrides(ProfileLoader.load(profileName), overrides);
        TraceFormat format;
        try {
            format = TraceFormat.byName(from);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        // not closed: it wraps the command's output, and everything replayed so far is flushed whatever happens
        BufferedWriter out = new BufferedWriter(spec.commandLine().getOut(), 1 << 16);
        try (InputStream in = format == TraceFormat.JSONL && emit == null ? open() : converted(format)) {
            ReplayRunner fresh = new ReplayRunner(() -> profile);
            if (format != TraceFormat.JSONL) fresh.markImported();
            ReplayRunner runner = ReplayRunner.replay(in, out, fresh);
            if (!runner.allUnderstood()) return Main.EXIT_USAGE;
            return runner.allMatched() ? 0 : EXIT_MISMATCH;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } finally {
            flush(out);
        }
    }

    /** The trace converted to JSON Lines (and written to {@code --emit}). */
    private InputStream converted(TraceFormat format) throws IOException {
        List<String> lines;
        // a log's undecodable bytes become U+FFFD: the importer answers such a line as one it cannot read
        try (BufferedReader raw = new BufferedReader(new InputStreamReader(open(), StandardCharsets.UTF_8))) {
            lines = format.toJsonLines(raw);
        }
        String text = lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
        if (emit != null) Files.writeString(emit, text, StandardCharsets.UTF_8);
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private InputStream open() throws IOException {
        if (file.equals("-")) return System.in;
        try {
            return Files.newInputStream(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new ConfigException("trace file " + file + " does not exist");
        }
    }

    private static void flush(BufferedWriter out) {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the replay's output: " + e.getMessage(), e);
        }
    }
}
