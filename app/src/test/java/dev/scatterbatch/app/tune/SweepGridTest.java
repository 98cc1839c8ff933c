package dev.scatterbatch.app.tune;

import dev.scatterbatch.model.cost.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SweepGridTest {

    @Test
    void theGridIsEveryCombinationWithTheFirstAxisChangingFastest() {
        SweepGrid grid = SweepGrid.parse(List.of("kfdAllocFixed=5us,20us,80us", "buffers[0].fragmentation.runPages=8,1"), false);
        List<SweepPoint> points = grid.points();
        assertThat(grid.size()).isEqualTo(6);
        assertThat(points).extracting(SweepPoint::label).containsExactly(
                "kfdAllocFixed=5us, buffers[0].fragmentation.runPages=8",
                "kfdAllocFixed=20us, buffers[0].fragmentation.runPages=8",
                "kfdAllocFixed=80us, buffers[0].fragmentation.runPages=8",
                "kfdAllocFixed=5us, buffers[0].fragmentation.runPages=1",
                "kfdAllocFixed=20us, buffers[0].fragmentation.runPages=1",
                "kfdAllocFixed=80us, buffers[0].fragmentation.runPages=1");
        assertThat(points.get(4).profileAssignments()).containsExactly("kfdAllocFixed=20us");
        assertThat(points.get(4).workloadAssignments()).containsExactly("buffers[0].fragmentation.runPages=1");
        assertThat(points).extracting(SweepPoint::index).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void everyBadVaryIsReportedTogether() {
        assertThatThrownBy(() -> SweepGrid.parse(List.of("kfdAllocFixed=5", "faultPerPage=1us", "hmmRangePerRange=1us..2us"), false))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(2)
                        .anySatisfy(p -> assertThat(p).startsWith("--vary kfdAllocFixed=5: "))
                        .anySatisfy(p -> assertThat(p).startsWith("--vary hmmRangePerRange=1us..2us: ")));
    }

    @Test
    void varyingOneNameTwiceIsRefused() {
        assertThatThrownBy(() -> SweepGrid.parse(List.of("faultPerPage=1us", "faultPerPage=2us"), false))
                .hasMessage("--vary faultPerPage=2us: faultPerPage is varied twice; give all its values in one --vary");
    }

    @Test
    void aGridTooLargeToRunIsRefusedBeforeRunning() {
        assertThatThrownBy(() -> SweepGrid.parse(List.of("faultPerPage=1ns..1000ns:1000", "hmmRangePerRange=1ns..1000ns:1000"), false))
                .hasMessageContaining("the grid has 1,000,000 points, more than 10000");
    }

    @Test
    void noVaryIsRefused() {
        assertThatThrownBy(() -> SweepGrid.parse(List.of(), false)).hasMessageStartingWith("give at least one --vary");
    }
}
