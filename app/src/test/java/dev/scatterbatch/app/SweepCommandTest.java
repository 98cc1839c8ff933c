package dev.scatterbatch.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.time.LocalDateTime;
import java.util.Comparator;
import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SweepCommandTest {

    /** Column values of the CSV rows of {@code scenario}, keyed by the first column (the varied value). */
    private static Map<String, String[]> rows(Path csv, String scenario) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = Arrays.asList(lines.getFirst().split(","));
        int at = header.indexOf("scenario");
        Map<String, String[]> out = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            if (cells[at].equals(scenario)) out.put(cells[0], cells);
        }
        return out;
    }

    private static double column(Path csv, String[] row, String name) throws IOException {
        return Double.parseDouble(row[Arrays.asList(Files.readAllLines(csv).getFirst().split(",")).indexOf(name)]);
    }

    @Test
    void rangesPerBufferAtConstantSizeReproduceTheReferenceShape(@TempDir Path dir) throws IOException {
        // docs/model.md §9.2: R = 2, 50, 500, 1000, 4000 ranges of N / R pages, N = 4000 pages per buffer
        CliRunner r = CliRunner.run("sweep", "--vary", "buffers[0].fragmentation.runPages=2000,80,8,4,1", "--iterations", "2",
                "--out", dir.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        Path csv = dir.resolve("sweep.csv");
        Map<String, String[]> batch = rows(csv, "batch");
        Map<String, String[]> perRange = rows(csv, "per-range");
        Map<String, Double> ranges = Map.of("2000", 2.0, "80", 50.0, "8", 500.0, "4", 1000.0, "1", 4000.0);
        double previous = Double.POSITIVE_INFINITY;
        for (String runPages : List.of("2000", "80", "8", "4", "1")) {
            assertThat(column(csv, perRange.get(runPages), "rangesPerBuffer")).isEqualTo(ranges.get(runPages));
            assertThat(column(csv, batch.get(runPages), "score")).as("batch at runPages " + runPages).isBetween(160_000.0, 195_000.0);
            double pr = column(csv, perRange.get(runPages), "score");
            assertThat(pr).as("per-range falls as ranges grow").isLessThan(previous);
            previous = pr;
        }
        assertThat(previous).as("per-range at 4000 ranges").isLessThan(20_000);
        assertThat(column(csv, perRange.get("8"), "score")).isBetween(72_000.0, 88_000.0);
        for (String chart : List.of("sweep-score.png", "sweep-percent.png")) {
            BufferedImage png = ImageIO.read(dir.resolve(chart).toFile());
            assertThat(png.getWidth()).as(chart).isEqualTo(960);
        }
        assertThat(dir.resolve("sweep-score.svg")).isNotEmptyFile();
        assertThat(dir.resolve("sweep-percent.svg")).isNotEmptyFile();
        assertThat(r.out()).contains("buffers[0].fragmentation.runPages  ranges/buf").contains("wrote ");
    }

    @Test
    void theSameSweepWritesTheSameCsvByteForByte(@TempDir Path dir) throws IOException {
        String[] args = {"sweep", "--vary", "kfdAllocFixed=10us..40us:2", "--vary", "splitLocation=host-vmm,guest",
                "--iterations", "1", "--threads", "2", "--out"};
        CliRunner first = CliRunner.run(concat(args, dir.resolve("a").toString()));
        CliRunner second = CliRunner.run(concat(args, dir.resolve("b").toString()));
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(second.exitCode()).as(second.err()).isZero();
        byte[] a = Files.readAllBytes(dir.resolve("a/sweep.csv"));
        assertThat(Files.readAllBytes(dir.resolve("b/sweep.csv"))).isEqualTo(a);
        assertThat(Files.readAllLines(dir.resolve("a/sweep.csv"))).hasSize(1 + 2 * 2 * 3)
                .first().asString().startsWith("kfdAllocFixed_ns,splitLocation,profile,");
    }

    @Test
    void aBadVaryIsOneSentenceNamingItWithExitCode2(@TempDir Path dir) {
        CliRunner r = CliRunner.run("sweep", "--vary", "kfdAllocFixed=5..100:8", "--out", dir.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: --vary kfdAllocFixed=5..100:8: expected a duration with a unit").hasLineCount(1);
    }

    @Test
    void aWorkloadFieldThatDoesNotExistIsNamedBeforeAnythingRuns(@TempDir Path dir) throws IOException {
        CliRunner r = CliRunner.run("sweep", "--vary", "buffers[0].fragmentaton.runPages=8,4", "--out", dir.resolve("out").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: --vary buffers[0].fragmentaton.runPages=8,4: ").contains("fragmentaton").hasLineCount(1);
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void aWorkloadValueOutOfRangeIsNamedWithItsVary(@TempDir Path dir) {
        CliRunner r = CliRunner.run("sweep", "--vary", "buffers[0].fragmentation.runPages=0,8", "--out", dir.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: --vary buffers[0].fragmentation.runPages=0,8: ")
                .contains("buffers[0].fragmentation.runPages = 0 is out of range").hasLineCount(1);
    }

    private static String[] concat(String[] args, String last) {
        String[] out = Arrays.copyOf(args, args.length + 1);
        out[args.length] = last;
        return out;
    }

    @Test
    void withoutOutTheFilesGoIntoANewTimestampedFolderWhosePathIsPrinted() throws IOException {
        Path cwd = Path.of("").toAbsolutePath();
        List<Path> before;
        try (var list = Files.list(cwd)) {
            before = list.toList();
        }
        CliRunner r = CliRunner.run("sweep", "--vary", "kfdAllocFixed=5us,20us", "--iterations", "1", "--scenarios", "bare-metal");
        List<Path> created;
        try (var list = Files.list(cwd)) {
            created = list.filter(p -> !before.contains(p)).toList();
        }
        try {
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(created).singleElement().satisfies(folder -> {
                assertThat(folder.getFileName().toString()).matches("sweep-\\d{8}-\\d{6}(-\\d+)?");
                assertThat(folder.resolve("sweep.csv")).isRegularFile();
                assertThat(r.out()).contains("results are in " + folder);
            });
        } finally {
            for (Path folder : created) deleteRecursively(folder);
        }
    }

    @Test
    void twoSweepsInTheSameSecondGetTwoFolders(@TempDir Path dir) throws IOException {
        LocalDateTime now = LocalDateTime.of(2026, 12, 6, 3, 37, 12);
        assertThat(SweepCommand.newFolder(dir, now)).isEqualTo(dir.resolve("sweep-20261206-033712")).isDirectory();
        assertThat(SweepCommand.newFolder(dir, now)).isEqualTo(dir.resolve("sweep-20261206-033712-2")).isDirectory();
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
