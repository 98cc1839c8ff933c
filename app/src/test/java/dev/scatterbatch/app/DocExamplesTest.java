package dev.scatterbatch.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every example of a command's output in README.md and docs/*.md (a fenced block whose first line is
 * {@code $ ./scatterbatch ...}) is what the command prints now, so no example can go stale. A line {@code ...} in a
 * block elides output: the lines around it must then appear in order. Blocks that show several commands at once
 * (a narrative of a session) and commands that write files are not run; {@link #everyExampleIsRunOrNamedAsNarrative}
 * keeps that list from growing silently.
 */
class DocExamplesTest {

    private static final Path ROOT = Path.of("..");
    /** Blocks not run, by their first line: they write files into the working directory. */
    private static final List<String> WRITES_FILES = List.of("$ ./scatterbatch sweep --vary 'buffers[0].fragmentation.runPages=2000,80,8,4,1'");

    /** One example: where it is, the command line, and the output shown under it. */
    record Example(String where, String command, List<String> shown, boolean narrative) {
        @Override
        public String toString() {
            return where + ": " + command;
        }
    }

    static List<Example> examples() {
        List<Path> files = new ArrayList<>();
        files.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Example> out = new ArrayList<>();
        for (Path f : files) {
            List<String> lines;
            try {
                lines = Files.readAllLines(f);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).equals("```") || i + 1 >= lines.size() || !lines.get(i + 1).startsWith("$ ./scatterbatch ")) continue;
                int start = i + 1;
                int end = start;
                while (!lines.get(end).equals("```")) end++;
                List<String> block = lines.subList(start, end);
                StringBuilder command = new StringBuilder();
                int k = 0;
                do {
                    String l = block.get(k).startsWith("$ ") ? block.get(k).substring(2) : block.get(k).trim();
                    command.append(l.endsWith("\\") ? l.substring(0, l.length() - 1) : l).append(' ');
                } while (block.get(k++).endsWith("\\"));
                List<String> shown = block.subList(k, block.size());
                boolean narrative = shown.stream().anyMatch(l -> l.startsWith("$ ")) || WRITES_FILES.contains(block.get(0));
                out.add(new Example(ROOT.relativize(f) + ":" + (start + 1), command.toString().trim(), List.copyOf(shown), narrative));
                i = end;
            }
        }
        return out;
    }

    static Stream<Example> runnable() {
        return examples().stream().filter(e -> !e.narrative());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runnable")
    void theExamplePrintsWhatTheCommandPrints(Example e) {
        CliRunner r = CliRunner.run(args(e.command()).toArray(String[]::new));
        assertThat(r.exitCode()).as("%s exit code; stderr %s", e, r.err()).isZero();
        List<String> printed = r.out().lines().toList();
        if (!e.shown().contains("...")) {
            assertThat(String.join("\n", printed)).as("output of %s (paste this into the doc)", e).isEqualTo(String.join("\n", e.shown()));
            return;
        }
        int at = 0;
        for (String line : e.shown()) {
            if (line.equals("...")) continue;
            int found = printed.subList(at, printed.size()).indexOf(line);
            assertThat(found).as("%s prints, after line %d, the line%n%s%nin:%n%s", e, at, line, r.out()).isNotNegative();
            at += found + 1;
        }
    }

    @Test
    void everyExampleIsRunOrNamedAsNarrative() {
        // named by command, not line, so editing the docs around them does not break the list
        assertThat(examples()).filteredOn(Example::narrative).extracting(Example::command).containsExactlyInAnyOrder(
                "./scatterbatch sweep --vary 'buffers[0].fragmentation.runPages=2000,80,8,4,1'",
                "./scatterbatch bench --iterations 1 --set kfdAllocFixed=35us --set hmmRangePerRange=1us --set guestComputeSlowdown=0.08");
        assertThat(runnable()).hasSizeGreaterThanOrEqualTo(3);
    }

    /** Splits a shell command line (single quotes only, as the docs use them), dropping {@code ./scatterbatch}. */
    static List<String> args(String commandLine) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : commandLine.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
                any = true;
            } else if (c == ' ' && !quoted) {
                if (any) out.add(cur.toString());
                cur.setLength(0);
                any = false;
            } else {
                cur.append(c);
                any = true;
            }
        }
        if (any) out.add(cur.toString());
        return out.subList(1, out.size());
    }
}
