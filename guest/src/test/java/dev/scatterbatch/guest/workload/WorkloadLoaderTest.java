package dev.scatterbatch.guest.workload;

import dev.scatterbatch.guest.memory.Aging;
import dev.scatterbatch.guest.memory.Fragmentation.Aged;
import dev.scatterbatch.guest.memory.Fragmentation.FixedRuns;
import dev.scatterbatch.guest.memory.Fragmentation.Placement;
import dev.scatterbatch.guest.memory.Fragmentation.RunLength;
import dev.scatterbatch.guest.memory.Fragmentation.RunLengths;
import dev.scatterbatch.model.cost.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkloadLoaderTest {

    private static final long MiB = 1L << 20;
    private static final long GiB = 1L << 30;

    /** A valid workload file with one buffer; tests replace parts of it. */
    private static final String MINIMAL = """
            guestMemory: 1GiB
            compute: 10ms
            buffers:
              - name: input
                size: 1MiB
                fragmentation: {kind: fixed-runs, runPages: 8}
            """;

    private static Workload parse(String yaml) {
        return WorkloadLoader.parse(yaml, "bad.yaml", "bad");
    }

    private static List<String> problems(String yaml) {
        try {
            parse(yaml);
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("expected a ConfigException");
    }

    @Test
    void everyBundledWorkloadLoadsUnderItsName() {
        for (String name : WorkloadLoader.BUNDLED) {
            Workload w = WorkloadLoader.load(name);
            assertThat(w.name()).isEqualTo(name);
            assertThat(w.description()).isNotBlank();
            assertThat(w.scoreReference()).isEqualTo(200_000);
            assertThat(w.buffers()).isNotEmpty();
        }
    }

    @Test
    void seedOpenclIsTheCalibrationWorkloadOfTheCostModel() {
        Workload seed = WorkloadLoader.load("seed-opencl");
        assertThat(seed.iterations()).isEqualTo(100);
        assertThat(seed.guestMemoryBytes()).isEqualTo(16 * GiB);
        assertThat(seed.hugePagePoolBytes()).isZero();
        assertThat(seed.computeNs()).isEqualTo(42_898_000);
        assertThat(seed.buffers()).containsExactly(
                new BufferSpec("opencl-buffer", 4, 4000 * 4096, BufferLifetime.ITERATION, false, new FixedRuns(8)));
        assertThat(seed.hostMemoryEvents()).isEqualTo(HostMemoryEvents.NONE);
        assertThat(seed.hostMemoryEvents().rate(HostMemoryEventKind.THP_SPLIT)).isEqualTo(new HostMemoryEventRate(0, 2 * MiB));
    }

    @Test
    void scatter4000DiffersFromTheSeedOnlyInSinglePageRuns() {
        Workload seed = WorkloadLoader.load("seed-opencl");
        Workload scatter = WorkloadLoader.load("scatter-4000");
        assertThat(scatter.computeNs()).isEqualTo(seed.computeNs());
        assertThat(scatter.buffers().getFirst().fragmentation()).isEqualTo(new FixedRuns(1));
        assertThat(scatter.buffers().getFirst().sizeBytes()).isEqualTo(seed.buffers().getFirst().sizeBytes());
    }

    @Test
    void llm7bRegistersItsWeightsOnceFromTheHugePagePool() {
        Workload llm = WorkloadLoader.load("llm-7b");
        assertThat(llm.guestMemoryBytes()).isEqualTo(24 * GiB);
        assertThat(llm.hugePagePoolBytes()).isEqualTo(16 * GiB);
        assertThat(llm.buffers().getFirst()).isEqualTo(new BufferSpec("weights", 1, 14 * GiB, BufferLifetime.RUN, true,
                new RunLengths(List.of(new RunLength(2 * MiB, 0.5), new RunLength(64 * MiB, 0.3), new RunLength(GiB, 0.2)))));
        assertThat(llm.buffers().subList(1, 3)).allSatisfy(b -> {
            assertThat(b.lifetime()).isEqualTo(BufferLifetime.ITERATION);
            assertThat(b.sizeBytes()).isEqualTo(64 * MiB);
            assertThat(b.fragmentation()).isEqualTo(new Aged(Aging.DEFAULT, Placement.FIRST_FIT));
        });
    }

    @Test
    void sdComfyuiRegistersHundredsOfMiBToAGiBPerImage() {
        Workload sd = WorkloadLoader.load("sd-comfyui");
        assertThat(sd.buffers()).filteredOn(b -> b.lifetime() == BufferLifetime.ITERATION)
                .extracting(BufferSpec::sizeBytes).containsExactly(GiB, 256 * MiB, 512 * MiB);
    }

    @Test
    void everyBundledWorkloadSurvivesARoundTripThroughYaml() {
        for (String name : WorkloadLoader.BUNDLED) {
            Workload w = WorkloadLoader.load(name);
            assertThat(WorkloadLoader.parse(WorkloadLoader.toYaml(w), name, name)).isEqualTo(w);
        }
    }

    @Test
    void unknownWorkloadNamesTheBundledOnes() {
        assertThatThrownBy(() -> WorkloadLoader.load("llm-70b"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("unknown workload 'llm-70b': not a bundled workload (seed-opencl, scatter-4000, llm-7b, sd-comfyui) and no such file");
    }

    @Test
    void aFileIsLoadedByPathAndNamedAfterIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mine.yaml");
        Files.writeString(file, MINIMAL);
        Workload w = WorkloadLoader.load(file.toString());
        assertThat(w.name()).isEqualTo("mine");
        assertThat(w.iterations()).isEqualTo(100);
        assertThat(w.buffers()).containsExactly(new BufferSpec("input", 1, MiB, BufferLifetime.ITERATION, false, new FixedRuns(8)));
    }

    @Test
    void problemsInAFileNameThatFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, MINIMAL.replace("10ms", "10"));
        assertThatThrownBy(() -> WorkloadLoader.load(file.toString()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": compute must be a duration with a unit (such as 250ns, 20us or 43ms), got 10");
    }

    @Test
    void aWrongTypeNamesTheField() {
        assertThat(problems(MINIMAL.replace("size: 1MiB", "size: 1MiB\n    count: four")))
                .containsExactly("bad.yaml: buffers[0].count must be a whole number, got 'four'");
        assertThat(problems(MINIMAL + "iterations: [1]\n"))
                .containsExactly("bad.yaml: iterations must be a whole number, got a list");
        assertThat(problems(MINIMAL.replace("1GiB", "lots")))
                .containsExactly("bad.yaml: guestMemory expected a size in bytes or with a unit (B, KiB, MiB, GiB, TiB), got 'lots'");
    }

    @Test
    void outOfRangeValuesNameTheFieldAndTheRange() {
        assertThat(problems(MINIMAL + "iterations: 0\n"))
                .containsExactly("bad.yaml: iterations = 0 is out of range: allowed 1 to 10000000");
        assertThat(problems(MINIMAL + "scoreReference: -5\n"))
                .containsExactly("bad.yaml: scoreReference = -5 is out of range: allowed 1 to 1000000000000");
        assertThat(problems(MINIMAL + "hostMemoryEvents:\n  swapOut: {rate: -1}\n"))
                .containsExactly("bad.yaml: hostMemoryEvents.swapOut.rate = -1 is out of range: allowed 0 to 1000000000");
        assertThat(problems(MINIMAL.replace("size: 1MiB", "size: 6KiB")))
                .contains("bad.yaml: buffers[0].size = 6KiB is not a whole number of 4KiB pages");
        assertThat(problems(MINIMAL.replace("1GiB", "3MiB")))
                .containsExactly("bad.yaml: guestMemory = 3MiB is not a whole number of 2MiB pages");
    }

    @Test
    void aDurationOutOfRangeStatesTheRangeWithUnits() {
        assertThat(problems(MINIMAL.replaceFirst("compute: [^\\n]+", "compute: -1ms")))
                .containsExactly("bad.yaml: compute = -1ms is out of range: allowed 0ns to 1h");
    }

    @Test
    void severalUnknownFieldsAreOneProblemNamingEachOnce() {
        assertThat(problems(MINIMAL + "colour: blue\nsize: 3\n"))
                .containsExactly("bad.yaml: colour, size are not known fields (known: buffers, compute, description, guestMemory, "
                        + "hostMemoryEvents, hugePagePool, iterations, scoreReference)");
    }

    @Test
    void unknownFieldsAreNamedWithTheKnownOnes() {
        assertThat(problems(MINIMAL + "colour: blue\n"))
                .containsExactly("bad.yaml: colour is not a known field (known: buffers, compute, description, guestMemory, "
                        + "hostMemoryEvents, hugePagePool, iterations, scoreReference)");
        assertThat(problems(MINIMAL.replace("runPages: 8", "runPages: 8, placement: random")))
                .containsExactly("bad.yaml: buffers[0].fragmentation.placement is not a known field (known: kind, runPages)");
        assertThat(problems(MINIMAL + "hostMemoryEvents: {swapIn: {rate: 1}}\n"))
                .containsExactly("bad.yaml: hostMemoryEvents.swapIn is not a known field (known: ksmMerge, migration, munmap, swapOut, thpSplit)");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        String yaml = """
                guestMemory: 1GiB
                iterations: zero
                compute: 5
                buffers:
                  - name: a
                    size: 1MiB
                    lifetime: forever
                    fragmentation: {kind: scattered}
                """;
        assertThat(problems(yaml)).containsExactly(
                "bad.yaml: iterations must be a whole number, got 'zero'",
                "bad.yaml: compute must be a duration with a unit (such as 250ns, 20us or 43ms), got 5",
                "bad.yaml: buffers[0].lifetime = 'forever' is not one of iteration, run",
                "bad.yaml: buffers[0].fragmentation.kind = 'scattered' is not a fragmentation kind: fixed-runs, run-lengths or aged");
    }

    @Test
    void requiredFieldsAreNamedWhenMissing() {
        assertThat(problems("buffers:\n  - {}\n")).containsExactly(
                "bad.yaml: guestMemory is required",
                "bad.yaml: compute is required",
                "bad.yaml: buffers[0].name is required",
                "bad.yaml: buffers[0].size is required",
                "bad.yaml: buffers[0].fragmentation is required");
        assertThat(problems(MINIMAL.replace("{kind: fixed-runs, runPages: 8}", "{runPages: 8}")))
                .containsExactly("bad.yaml: buffers[0].fragmentation.kind is required: fixed-runs, run-lengths or aged");
    }

    @Test
    void fixedRunsMustDivideTheBufferAndFitHugePages() {
        assertThat(problems(MINIMAL.replace("runPages: 8", "runPages: 3")))
                .containsExactly("bad.yaml: buffers[0].fragmentation.runPages = 3 does not divide the buffer's size 1MiB into whole runs of 12KiB");
        String huge = MINIMAL.replace("size: 1MiB", "size: 4MiB\n    hugePages: true") + "hugePagePool: 512MiB\n";
        assertThat(problems(huge))
                .containsExactly("bad.yaml: buffers[0].fragmentation.runPages = 8 is not a whole number of 2MiB pages (512 pages), as a huge-page buffer needs");
        assertThat(parse(huge.replace("runPages: 8", "runPages: 512")).buffers().getFirst().hugePages()).isTrue();
    }

    @Test
    void hugePageBuffersNeedAPoolAndWhole2MiBSizes() {
        assertThat(problems(MINIMAL.replace("size: 1MiB", "size: 1MiB\n    hugePages: true").replace("runPages: 8", "runPages: 512")))
                .containsExactly("bad.yaml: buffers[0].hugePages is true but the workload has no hugePagePool",
                        "bad.yaml: buffers[0].size = 1MiB is out of range: allowed 2MiB to 16TiB");
    }

    @Test
    void buffersMustFitTheirRegionAndHaveDistinctNames() {
        String yaml = MINIMAL.replace("size: 1MiB", "size: 1MiB\n    count: 2000") + """
                  - name: input
                    size: 4KiB
                    fragmentation: {kind: fixed-runs, runPages: 1}
                """;
        assertThat(problems(yaml)).containsExactly(
                "bad.yaml: buffers[1].name = 'input' names an earlier buffer too",
                "bad.yaml: buffers need 2048004KiB of the normal region (guestMemory - hugePagePool) at once, but it has 1GiB");
    }

    @Test
    void runLengthsAndAgingAreValidatedFieldByField() {
        String yaml = MINIMAL.replace("{kind: fixed-runs, runPages: 8}", "{kind: run-lengths, runs: [{size: 2MiB, weight: 0}, {size: 5000}]}");
        assertThat(problems(yaml)).containsExactly(
                "bad.yaml: buffers[0].fragmentation.runs[0].weight = 0.0 is out of range: allowed above 0 up to 1000000000",
                "bad.yaml: buffers[0].fragmentation.runs[1].size = 5000B is not a whole number of 4KiB pages");
        String aged = MINIMAL.replace("{kind: fixed-runs, runPages: 8}",
                "{kind: aged, placement: best-fit, aging: {minBlock: 64KiB, maxBlock: 8KiB, freeFraction: 1.5}}");
        assertThat(problems(aged)).containsExactly(
                "bad.yaml: buffers[0].fragmentation.placement = 'best-fit' is not one of first-fit, random",
                "bad.yaml: buffers[0].fragmentation.aging.maxBlock = 8KiB is smaller than minBlock = 64KiB",
                "bad.yaml: buffers[0].fragmentation.aging.freeFraction = 1.5 is out of range: allowed 0 to 1");
    }

    @Test
    void agedBuffersOfOneRegionMustShareOneAging() {
        String yaml = MINIMAL.replace("{kind: fixed-runs, runPages: 8}", "{kind: aged}") + """
                  - name: other
                    size: 1MiB
                    fragmentation: {kind: aged, aging: {span: 512MiB}}
                """;
        assertThat(problems(yaml)).containsExactly("bad.yaml: buffers[1].fragmentation.aging differs from "
                + "buffers[0].fragmentation.aging: the guest's page allocator has one history, so the aged buffers of one region share it");
    }

    @Test
    void hostMemoryEventsTakeRatesAndSizesWithDefaultsPerKind() {
        Workload w = parse(MINIMAL + "hostMemoryEvents:\n  swapOut: {rate: 5}\n  munmap: {rate: 0.5, size: 64MiB}\n");
        assertThat(w.hostMemoryEvents().rate(HostMemoryEventKind.SWAP_OUT)).isEqualTo(new HostMemoryEventRate(5, 4096));
        assertThat(w.hostMemoryEvents().rate(HostMemoryEventKind.MUNMAP)).isEqualTo(new HostMemoryEventRate(0.5, 64 * MiB));
        assertThat(w.hostMemoryEvents().rate(HostMemoryEventKind.KSM_MERGE)).isEqualTo(new HostMemoryEventRate(0, 4096));
        assertThat(w.hostMemoryEvents().totalPerSecond()).isEqualTo(5.5);
    }

    @Test
    void aDocumentThatIsNotAMappingIsRefused() {
        assertThatThrownBy(() -> parse("- 1\n- 2\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("bad.yaml: a workload must be a mapping of fields to values, got a list");
    }
}
