package dev.scatterbatch.host.pressure;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExtentsTest {

    @Test
    void theOffsetThByteIsFoundInTheExtentHoldingItLaidEndToEnd() {
        Extents e = new Extents.Builder().add(0x1000, 0x2000).add(0x9000, 0).add(0x5000, 0x1000).add(0x20000, 0x3000).build();
        assertThat(e.bytes()).isEqualTo(0x6000);
        assertThat(e.address(0)).isEqualTo(0x1000);
        assertThat(e.address(0x1fff)).isEqualTo(0x2fff);
        // the empty extent holds no byte: the next byte is the next non-empty extent's first
        assertThat(e.address(0x2000)).isEqualTo(0x5000);
        assertThat(e.address(0x3000)).isEqualTo(0x20000);
        assertThat(e.address(0x5fff)).isEqualTo(0x22fff);
        assertThat(e.address(0x6000)).isEqualTo(-1);
        assertThat(e.address(-1)).isEqualTo(-1);
    }

    @Test
    void manyExtentsGiveWhatAWalkGives() {
        Extents.Builder b = new Extents.Builder();
        long[][] extents = new long[100][];
        for (int i = 0; i < extents.length; i++) {
            extents[i] = new long[]{0x100000L * i + 0x3000L * (i % 7), 0x1000L * (1 + i % 5)};
            b.add(extents[i][0], extents[i][1]);
        }
        Extents e = b.build();
        long offset = 0;
        for (long[] x : extents) {
            for (long within = 0; within < x[1]; within += 0x800) assertThat(e.address(offset + within)).isEqualTo(x[0] + within);
            offset += x[1];
        }
        assertThat(e.bytes()).isEqualTo(offset);
    }

    @Test
    void aNegativeLengthIsRefused() {
        assertThatThrownBy(() -> new Extents.Builder().add(0x1000, -1)).hasMessage("extent length -1 is negative");
    }
}
