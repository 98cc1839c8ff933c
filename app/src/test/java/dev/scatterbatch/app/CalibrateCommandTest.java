package dev.scatterbatch.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scatterbatch.guest.workload.WorkloadLoader;
import dev.scatterbatch.model.cost.ProfileLoader;
import dev.scatterbatch.model.cost.TrapCostProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CalibrateCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code scenario=score,...}: what {@code bench} scores under {@code sets} on {@code workload}. */
    private static String observed(String workload, String scenarios, String... sets) throws Exception {
        List<String> args = new ArrayList<>(List.of("bench", "--format", "json", "--iterations", "1", "--workload", workload,
                "--scenarios", scenarios));
        for (String s : sets) {
            args.add("--set");
            args.add(s);
        }
        CliRunner r = CliRunner.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> pairs = new ArrayList<>();
        for (JsonNode s : JSON.readTree(r.out()).get("scenarios")) pairs.add(s.get("name").asText() + "=" + s.get("score").asText());
        return String.join(",", pairs);
    }

    @Test
    void recoversChangedParametersFromTheScoresTheyProduce(@TempDir Path dir) throws Exception {
        String[] truth = {"kfdAllocFixed=35us", "hmmRangePerRange=1us", "guestComputeSlowdown=0.08"};
        // the same buffers in 1000 ranges of 4 pages: a second range count separates hmmRangePerRange from kfdAllocFixed
        Path thousand = dir.resolve("seed-1000.yaml");
        Files.writeString(thousand, WorkloadLoader.toYaml(WorkloadLoader.withOverrides(WorkloadLoader.load("seed-opencl"),
                List.of("buffers[0].fragmentation.runPages=4"))));
        Path written = dir.resolve("fitted.yaml");
        CliRunner r = CliRunner.run("calibrate", "--iterations", "1",
                "--observed", observed("seed-opencl", "bare-metal,per-range,batch", truth),
                "--observed", observed(thousand.toString(), "per-range,batch", truth) + "@buffers[0].fragmentation.runPages=4",
                "--fit", "kfdAllocFixed,hmmRangePerRange,guestComputeSlowdown", "--write", written.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        TrapCostProfile fitted = ProfileLoader.load(written.toString());
        assertThat(fitted.kfdAllocFixedNs()).isCloseTo(35_000L, within(1_750L));
        assertThat(fitted.hmmRangePerRangeNs()).isCloseTo(1_000L, within(50L));
        assertThat(fitted.guestComputeSlowdown()).isCloseTo(0.08, within(0.004));
        assertThat(r.out()).contains("every fitted parameter is identifiable from these observations.")
                .contains("per-range@buffers[0].fragmentation.runPages=4").contains("wrote " + written);
    }

    @Test
    void kfdAllocFixedAndGpuMapPerCallAreFoundAsTheirSumAndReportedInseparable(@TempDir Path dir) throws Exception {
        Path written = dir.resolve("fitted.yaml");
        CliRunner r = CliRunner.run("calibrate", "--iterations", "1",
                "--observed", observed("seed-opencl", "bare-metal,per-range,batch", "kfdAllocFixed=35us", "gpuMapPerCall=10us",
                        "guestComputeSlowdown=0.08"),
                "--fit", "kfdAllocFixed,gpuMapPerCall,guestComputeSlowdown", "--write", written.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        TrapCostProfile fitted = ProfileLoader.load(written.toString());
        assertThat(fitted.kfdAllocFixedNs() + fitted.gpuMapPerCallNs()).isCloseTo(45_000L, within(2_250L));
        assertThat(fitted.guestComputeSlowdown()).isCloseTo(0.08, within(0.004));
        assertThat(r.out()).contains("kfdAllocFixed and gpuMapPerCall are not separately identifiable");
    }

    @Test
    void theSameCalibrationPrintsTheSameReport() {
        String[] args = {"calibrate", "--iterations", "1", "--observed", "batch=180000", "--fit", "guestComputeSlowdown"};
        CliRunner first = CliRunner.run(args);
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(CliRunner.run(args).out()).isEqualTo(first.out());
    }

    @Test
    void badInputIsOneSentenceNamingItWithExitCode2() {
        CliRunner fit = CliRunner.run("calibrate", "--observed", "batch=180000", "--fit", "maxMapCount");
        assertThat(fit.exitCode()).isEqualTo(2);
        assertThat(fit.err()).isEqualTo("error: --fit maxMapCount: maxMapCount is a count; only durations and factors can be fitted.\n");
        CliRunner observed = CliRunner.run("calibrate", "--observed", "batch=fast", "--fit", "kfdAllocFixed");
        assertThat(observed.exitCode()).isEqualTo(2);
        assertThat(observed.err()).isEqualTo("error: --observed batch=fast: the score of batch must be a number, got 'fast'.\n");
        CliRunner workload = CliRunner.run("calibrate", "--observed", "batch=1@no-such-workload", "--fit", "kfdAllocFixed");
        assertThat(workload.exitCode()).isEqualTo(2);
        assertThat(workload.err()).startsWith("error: --observed batch=1@no-such-workload: unknown workload 'no-such-workload'");
    }
}
