package dev.scatterbatch.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.util.ArrayList;
import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MapCommandTest {

    private static final String[] SMALL = {"map", "--vary", "rangesPerBuffer=2,4000", "--vary", "pressure=0,100",
            "--scenarios", "per-range,batch", "--iterations", "2"};

    private static CliRunner map(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of(SMALL));
        args.addAll(List.of("--out", out.toString()));
        args.addAll(List.of(more));
        return CliRunner.run(args.toArray(String[]::new));
    }

    private static String cell(List<String> csv, int row, String column) {
        int at = Arrays.asList(csv.getFirst().split(",")).indexOf(column);
        return csv.get(row).split(",", -1)[at];
    }

    @Test
    void batchWinsAtManyRangesOnTheFixedCostPerCallAndTheMapIsTheSameOnOneThreadOrTwo(@TempDir Path dir) throws IOException {
        CliRunner parallel = map(dir.resolve("two"), "--threads", "2");
        assertThat(parallel.exitCode()).as(parallel.err()).isZero();
        CliRunner serial = map(dir.resolve("one"), "--threads", "1");
        assertThat(serial.exitCode()).as(serial.err()).isZero();
        String csv = Files.readString(dir.resolve("two/map.csv"));
        assertThat(csv).isEqualTo(Files.readString(dir.resolve("one/map.csv")));
        List<String> rows = csv.lines().toList();
        assertThat(rows).hasSize(5); // header + 2 x 2 cells, rangesPerBuffer changing fastest
        assertThat(cell(rows, 2, "rangesPerBuffer")).isEqualTo("4000");
        assertThat(cell(rows, 2, "winner")).isEqualTo("batch");
        assertThat(cell(rows, 2, "runnerUp")).isEqualTo("per-range");
        assertThat(cell(rows, 2, "decidingComponent")).isEqualTo("kfdFixed");
        assertThat(Double.parseDouble(cell(rows, 2, "marginPercent"))).isGreaterThan(400);
        // two ranges per buffer: per-range pays two calls where batch pays one, and the margin is small
        assertThat(Double.parseDouble(cell(rows, 1, "marginPercent"))).isLessThan(Double.parseDouble(cell(rows, 2, "marginPercent")));
        assertThat(parallel.out()).contains("wins over 4 cells", "nearest the operating point (rangesPerBuffer=500, pressure=0), at rangesPerBuffer=4000, pressure=0: batch");
        BufferedImage png = ImageIO.read(dir.resolve("two/map-rangesPerBuffer-pressure.png").toFile());
        assertThat(png.getWidth()).isEqualTo(760);
        assertThat(png.getHeight()).isEqualTo(600);
        assertThat(Files.readString(dir.resolve("two/map-rangesPerBuffer-pressure.svg"))).contains("operating point", "batch +");
    }

    @Test
    void aCellWhoseBuffersNoGuestCanHoldIsNotApplicableAndSaysWhy(@TempDir Path dir) throws IOException {
        // 4 buffers of 8000 ranges of 1 GiB: 32 TiB, more than a workload's guest may have
        CliRunner r = CliRunner.run("map", "--vary", "rangesPerBuffer=8000", "--vary", "rangeSize=1GiB", "--scenarios", "batch",
                "--iterations", "1", "--out", dir.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("n/a: ", "wins over 1 cells (a=b: a tie): batch 0, n/a 1",
                "nearest the operating point (rangesPerBuffer=500, rangeSize=32KiB), at rangesPerBuffer=8000, rangeSize=1GiB: n/a: ");
        List<String> rows = Files.readAllLines(dir.resolve("map.csv"));
        assertThat(cell(rows, 1, "winner")).isEmpty();
        assertThat(rows.get(1)).contains("need 32000GiB of guest RAM at once, more than the host's 256GiB (--host-ram)");
    }

    @Test
    void aBadAxisValueIsRefusedNamingTheVary(@TempDir Path dir) {
        CliRunner r = CliRunner.run("map", "--vary", "guests=0,4", "--out", dir.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--vary guests=0,4", "guests must be 1 to 64, got 0");
        CliRunner onlyBare = CliRunner.run("map", "--scenarios", "bare-metal", "--out", dir.toString());
        assertThat(onlyBare.exitCode()).isEqualTo(2);
        assertThat(onlyBare.err()).contains("--scenarios: name at least one design besides bare-metal");
    }
}
