package dev.scatterbatch.app.tune;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SweepTableTest {

    @Test
    void oneRowPerPointWithRangesPerBufferAndEachScenariosScoreAndPercent() {
        String table = SweepTable.render(ToySweep.run(List.of("buffers[0].fragmentation.runPages=8,1")));
        assertThat(table.lines().toList()).containsExactly(
                "buffers[0].fragmentation.runPages  ranges/buf  bare-metal       %  per-range      %    batch      %",
                "8                                         500     200,000  100.0%     80,000  40.0%  187,469  93.7%",
                "1                                       4,000     200,000  100.0%     15,756   7.9%  165,505  82.8%");
    }
}
