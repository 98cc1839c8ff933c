package dev.scatterbatch.dashboards.harness;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UnitFormatTest {

    @Test
    void secondsTakeSiPrefixesDownToNanoseconds() {
        assertThat(new UnitFormat("s").format(2.5e-5)).isEqualTo("25 µs");
        assertThat(new UnitFormat("s").format(0.00187)).isEqualTo("1.87 ms");
        assertThat(new UnitFormat("s").format(2.5e-7)).isEqualTo("250 ns");
    }

    @Test
    void ratesAndPlainNumbersAreScaledUpButWrittenAsDecimalsBelowOne() {
        assertThat(new UnitFormat("ops").format(0.34)).isEqualTo("0.34 ops/s");
        assertThat(new UnitFormat("ops").format(1500)).isEqualTo("1.5 kops/s");
        assertThat(new UnitFormat("none").format(187_000)).isEqualTo("187k");
        assertThat(new UnitFormat("none").format(0.05)).isEqualTo("0.05");
    }

    @Test
    void aShareIsAPercentage() {
        assertThat(new UnitFormat("percentunit").format(0.4)).isEqualTo("40%");
    }
}
