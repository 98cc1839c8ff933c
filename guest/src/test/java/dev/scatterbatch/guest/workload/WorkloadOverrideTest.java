package dev.scatterbatch.guest.workload;

import dev.scatterbatch.guest.memory.Fragmentation.FixedRuns;
import dev.scatterbatch.model.cost.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkloadOverrideTest {

    private final Workload seed = WorkloadLoader.load("seed-opencl");

    @Test
    void bufferSizeCountAndRunPagesCanBeChanged() {
        Workload w = seed.with("buffers[0].size", "8000KiB").with("buffers[0].count", "2").with("buffers[0].fragmentation.runPages", "4");
        BufferSpec buffer = w.buffers().getFirst();
        assertThat(buffer.sizeBytes()).isEqualTo(8000 * 1024);
        assertThat(buffer.count()).isEqualTo(2);
        assertThat(buffer.fragmentation()).isEqualTo(new FixedRuns(4));
        assertThat(w.name()).isEqualTo("seed-opencl");
        assertThat(seed.buffers().getFirst().count()).isEqualTo(4);
    }

    @Test
    void computeTakesADurationOrComputeNsTakesNanoseconds() {
        assertThat(seed.with("compute", "20ms").computeNs()).isEqualTo(20_000_000);
        assertThat(seed.with("computeNs", "12345").computeNs()).isEqualTo(12_345);
        assertThat(seed.with("computeNs", "1.5us").computeNs()).isEqualTo(1_500);
    }

    @Test
    void eventRatesCanBeChanged() {
        Workload w = seed.with("hostMemoryEvents.swapOut.rate", "5").with("hostMemoryEvents.thpSplit.size", "4MiB");
        assertThat(w.hostMemoryEvents().rate(HostMemoryEventKind.SWAP_OUT).perSecond()).isEqualTo(5);
        assertThat(w.hostMemoryEvents().rate(HostMemoryEventKind.THP_SPLIT).bytes()).isEqualTo(4L << 20);
    }

    @Test
    void aWholeFragmentationCanBeReplaced() {
        Workload w = seed.with("buffers[0].fragmentation", "{kind: aged, placement: random}");
        assertThat(w.buffers().getFirst().fragmentation().kind()).isEqualTo("aged");
    }

    @Test
    void anOverriddenValueIsValidatedLikeAFile() {
        assertThatThrownBy(() -> seed.with("buffers[0].size", "big"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("seed-opencl with buffers[0].size=big: buffers[0].size expected a size in bytes or with a unit "
                        + "(B, KiB, MiB, GiB, TiB), got 'big'");
        assertThatThrownBy(() -> seed.with("compute", "42"))
                .hasMessage("seed-opencl with compute=42: compute must be a duration with a unit (such as 250ns, 20us or 43ms), got 42");
        assertThatThrownBy(() -> seed.with("buffers[0].count", "0"))
                .hasMessage("seed-opencl with buffers[0].count=0: buffers[0].count = 0 is out of range: allowed 1 to 1000000");
        assertThatThrownBy(() -> seed.with("buffers[0].fragmentation.runPages", "3"))
                .hasMessage("seed-opencl with buffers[0].fragmentation.runPages=3: buffers[0].fragmentation.runPages = 3 "
                        + "does not divide the buffer's size 16000KiB into whole runs of 12KiB");
    }

    @Test
    void pathsThatDoNotExistAreNamed() {
        assertThatThrownBy(() -> seed.with("buffers[2].size", "1MiB"))
                .hasMessage("seed-opencl with buffers[2].size=1MiB: buffers[2] does not exist: buffers has 1 entries");
        assertThatThrownBy(() -> seed.with("colour", "blue"))
                .hasMessageStartingWith("seed-opencl with colour=blue: colour is not a known field (known: buffers, compute, ");
        assertThatThrownBy(() -> seed.with("buffers[0].fragmentation.aging.span", "1GiB"))
                .hasMessage("seed-opencl with buffers[0].fragmentation.aging.span=1GiB: "
                        + "buffers[0].fragmentation.aging is not a known field (known: kind, runPages)");
        assertThatThrownBy(() -> seed.with("compute[0]", "1ms"))
                .hasMessage("seed-opencl with compute[0]=1ms: compute is not a list");
        assertThatThrownBy(() -> seed.with("buffers..size", "1ms"))
                .hasMessageContaining("buffers..size is not a field path such as buffers[0].size");
    }

    @Test
    void severalOverridesAreCheckedTogether() {
        assertThatThrownBy(() -> WorkloadLoader.withOverrides(seed, List.of("iterations=0", "compute=fast", "nothing")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "seed-opencl with iterations=0, compute=fast, nothing: nothing is not path=value, such as buffers[0].size=8MiB"));
        Workload w = WorkloadLoader.withOverrides(seed, List.of("iterations=3", "compute=1ms"));
        assertThat(w.iterations()).isEqualTo(3);
        assertThat(w.computeNs()).isEqualTo(1_000_000);
    }
}
