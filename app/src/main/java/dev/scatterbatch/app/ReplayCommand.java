package dev.scatterbatch.app;

import dev.scatterbatch.host.replay.ReplayRunner;
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
 * result per line (docs/replay.md). Exit code 0 when every line was understood, 2 otherwise.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Runs a JSON Lines ioctl trace against the host KFD model and prints one JSON result per line (docs/replay.md).")
public final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the trace, or - for standard input")
    private String file;

    @Option(names = "--profile", paramLabel = "NAME|FILE", defaultValue = "default",
            description = "cost profile timing the restore worker (default: ${DEFAULT-VALUE})")
    private String profileName;

    @Option(names = "--set", paramLabel = "name=value", description = "overrides a profile parameter (repeatable)")
    private List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() {
        TrapCostProfile profile = ProfileLoader.applyOverrides(ProfileLoader.load(profileName), overrides);
        try (BufferedReader in = open();
             BufferedWriter out = new BufferedWriter(spec.commandLine().getOut(), 1 << 16)) {
            boolean understood = ReplayRunner.replay(in, out, () -> profile);
            out.flush();
            return understood ? 0 : Main.EXIT_USAGE;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private BufferedReader open() throws IOException {
        if (file.equals("-")) return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            return Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException("trace file " + file + " does not exist");
        }
    }
}
