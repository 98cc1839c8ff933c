package dev.scatterbatch.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class BenchCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void defaultRunReproducesTheSeedTable() throws Exception {
        CliRunner r = CliRunner.run("bench", "--format", "json", "--iterations", "5");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode scenarios = JSON.readTree(r.out()).get("scenarios");
        double bare = scenarios.get(0).get("score").asDouble();
        double perRange = scenarios.get(1).get("score").asDouble();
        double batch = scenarios.get(2).get("score").asDouble();
        assertThat(scenarios.get(0).get("name").asText()).isEqualTo("bare-metal");
        assertThat(bare).isBetween(198_000.0, 202_000.0);
        assertThat(perRange).isBetween(72_000.0, 88_000.0);
        assertThat(batch).isBetween(160_000.0, 190_000.0);
        assertThat(batch / perRange).isBetween(2.0, 2.5);
    }

    @Test
    void attributionOfEveryScenarioSumsToItsIterationTime() throws Exception {
        CliRunner r = CliRunner.run("bench", "--format", "json", "--iterations", "3",
                "--scenarios", "bare-metal,per-range,batch,batch-v4,mremap");
        assertThat(r.exitCode()).as(r.err()).isZero();
        for (JsonNode s : JSON.readTree(r.out()).get("scenarios")) {
            long sum = 0;
            for (JsonNode v : s.get("attributionNs")) sum += v.asLong();
            assertThat(sum).as(s.get("name").asText()).isEqualTo(s.get("iterationNs").asLong());
        }
    }

    @Test
    void sameSeedTwiceGivesIdenticalJson() {
        String a = CliRunner.run("bench", "--format", "json", "--iterations", "3", "--workload", "sd-comfyui").out();
        String b = CliRunner.run("bench", "--format", "json", "--iterations", "3", "--workload", "sd-comfyui").out();
        assertThat(a).isNotEmpty().isEqualTo(b);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"eventbus", "cluster"})
    void everyTransportGivesTheDirectTransportsScoresAndCounts(String transport) throws Exception {
        String[] args = {"bench", "--format", "json", "--iterations", "2",
                "--scenarios", "bare-metal,per-range,batch,batch-v4,mremap", "--guests", "2"};
        JsonNode direct = JSON.readTree(CliRunner.run(args).out());
        CliRunner other = CliRunner.run(Stream.concat(Arrays.stream(args), Stream.of("--transport", transport)).toArray(String[]::new));
        assertThat(other.exitCode()).as(other.err()).isZero();
        JsonNode json = JSON.readTree(other.out());
        assertThat(json.get("transport").asText()).isEqualTo(transport);
        assertThat(json.get("scenarios")).isEqualTo(direct.get("scenarios"));
    }

    @Test
    void unknownScenarioIsOneSentenceAndExitCodeTwo() {
        CliRunner r = CliRunner.run("bench", "--scenarios", "per-range,turbo");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: unknown scenario 'turbo'; known scenarios: bare-metal, per-range, batch, batch-v4, mremap, svm-pinned, svm.\n");
    }

    @Test
    void unknownProfileOrWorkloadIsExitCodeTwo() {
        assertThat(CliRunner.run("bench", "--profile", "warp").err()).startsWith("error: unknown profile 'warp'");
        CliRunner w = CliRunner.run("bench", "--workload", "doom");
        assertThat(w.exitCode()).isEqualTo(2);
        assertThat(w.err()).startsWith("error: unknown workload 'doom'");
    }

    @Test
    void setOfAnUnknownParameterNamesIt() {
        CliRunner r = CliRunner.run("bench", "--set", "warpDrive=1us");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: unknown parameter 'warpDrive' in --set warpDrive=1us");
    }

    @Test
    void pressureTargetIsTheProfileParameterPressureTarget() throws Exception {
        String[] run = {"bench", "--format", "json", "--iterations", "2", "--pressure", "100", "--scenarios", "bare-metal,batch-v4"};
        CliRunner option = CliRunner.run(with(run, "--pressure-target", "span"));
        assertThat(option.exitCode()).as(option.err()).isZero();
        JsonNode span = JSON.readTree(option.out());
        assertThat(span).isEqualTo(JSON.readTree(CliRunner.run(with(run, "--set", "pressureTarget=span")).out()));
        assertThat(span.get("profile").asText()).isEqualTo("default+pressureTarget=span");
        // Gap events evict nothing but make v4's restore runs repeat: the span differs from the registered bytes.
        JsonNode registered = JSON.readTree(CliRunner.run(run).out());
        assertThat(span.get("scenarios").get(1).get("score")).isNotEqualTo(registered.get("scenarios").get(1).get("score"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bench", "sweep --vary kfdAllocFixed=10us,20us", "map", "calibrate --observed bare-metal=200000 --fit kfdAllocFixed"})
    void aPressureTargetThatIsNoneOfTheThreeIsRefusedNamingThem(String command) {
        CliRunner r = CliRunner.run(with(command.split(" "), "--pressure-target", "nowhere"));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: --pressure-target must be one of registered, span, guest-ram, got 'nowhere'.\n");
    }

    @Test
    void pressureTargetAndASetOfPressureTargetTogetherAreRefused() {
        CliRunner r = CliRunner.run("bench", "--pressure-target", "span", "--set", "pressureTarget=guest-ram");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: --pressure-target and --set pressureTarget=guest-ram both say where pressure events land; give one of them.\n");
    }

    private static String[] with(String[] args, String... more) {
        return Stream.concat(Arrays.stream(args), Arrays.stream(more)).toArray(String[]::new);
    }

    @Test
    void profileFileWithAWrongTypeOrOutOfRangeValueNamesTheField(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "kfdAllocFixed: fast\n");
        CliRunner r = CliRunner.run("bench", "--profile", bad.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("kfdAllocFixed").contains("'fast'");
        Files.writeString(bad, "hmmRangePerRange: 1s\n");
        CliRunner range = CliRunner.run("bench", "--profile", bad.toString());
        assertThat(range.exitCode()).isEqualTo(2);
        assertThat(range.err()).contains("hmmRangePerRange = 1s is out of range: allowed 0ns to 10ms");
    }

    @Test
    void workloadFileWithAWrongTypeNamesTheField(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("w.yaml");
        Files.writeString(bad, "iterations: many\n");
        CliRunner r = CliRunner.run("bench", "--workload", bad.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("iterations").contains("'many'");
    }

    @Test
    void tableShowsEveryScenarioAndTheAttribution() {
        CliRunner r = CliRunner.run("bench", "--iterations", "2");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("bare-metal").contains("per-range").contains("batch")
                .contains("where an iteration's time goes").contains("kfdFixed").contains("transport");
    }

    @Test
    void anAbortedScenarioCountsNoPartialIterationAndSaysWhyItStopped() {
        CliRunner r = CliRunner.run("bench", "--workload", "scatter-4000", "--scenarios", "bare-metal,mremap",
                "--set", "maxMapCount=10000", "--iterations", "2");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("(?m)^mremap +aborted +- +- ")
                .containsPattern("(?m)^mremap: aborted, no score: guest 0: mremap answered ENOMEM .*vm.max_map_count 10000\\)$");
        CliRunner json = CliRunner.run("bench", "--workload", "scatter-4000", "--scenarios", "mremap",
                "--set", "maxMapCount=10000", "--iterations", "2", "--format", "json");
        assertThat(json.out()).contains("\"status\" : \"aborted\"", "\"score\" : null", "\"iterations\" : 0");
    }

    @Test
    void iterationsBeyondTenTimesTheWorkloadsOwnAreRefusedInOneSentenceBeforeAnythingRuns() {
        CliRunner r = CliRunner.run("bench", "--iterations", "2147483647");
        assertThat(r.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).isEqualTo("error: --iterations 2,147,483,647 is more than a run may take: at most 1,000 per guest "
                + "(10 times workload seed-opencl's own 100); a workload file with more iterations allows longer runs.\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aPressureWhoseEventsCannotBeSimulatedInReasonableTimeIsRefusedNamingTheLimit() {
        CliRunner r = CliRunner.run("bench", "--pressure", "1e9", "--iterations", "2");
        assertThat(r.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).startsWith("error: --pressure 1000000000 would simulate up to 68,579,600,000 invalidating events")
                .contains("more than the 1,000,000 a run may take: at most 14,581.6 events/s here.").hasLineCount(1);
        assertThat(CliRunner.run("bench", "--pressure-curve", "0,100000").err()).startsWith("error: --pressure-curve rate 100000 would simulate");
    }
}
