package dev.scatterbatch.model.cost;

import dev.scatterbatch.model.testing.RandomizedCheck;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {

    @Test
    void parsesEveryUnitToNanoseconds() {
        assertThat(Durations.parseNs("250ns")).isEqualTo(250);
        assertThat(Durations.parseNs("0.25us")).isEqualTo(250);
        assertThat(Durations.parseNs("0.25µs")).isEqualTo(250);
        assertThat(Durations.parseNs("1ms")).isEqualTo(1_000_000);
        assertThat(Durations.parseNs("42.898ms")).isEqualTo(42_898_000);
        assertThat(Durations.parseNs(" 2 s ")).isEqualTo(2_000_000_000L);
        assertThat(Durations.parseNs("-5us")).isEqualTo(-5_000);
    }

    @Test
    void refusesABareNumberAndNamesTheExpectedForm() {
        assertThatThrownBy(() -> Durations.parseNs("20"))
                .hasMessageContaining("expected a duration with a unit").hasMessageContaining("'20'");
        assertThatThrownBy(() -> Durations.parseNs("20 minutes")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void formatsInTheLargestExactUnit() {
        assertThat(Durations.format(250)).isEqualTo("250ns");
        assertThat(Durations.format(500)).isEqualTo("500ns");
        assertThat(Durations.format(1_500)).isEqualTo("1.5us");
        assertThat(Durations.format(20_000)).isEqualTo("20us");
        assertThat(Durations.format(1_000_000)).isEqualTo("1ms");
        assertThat(Durations.format(42_898_000)).isEqualTo("42.898ms");
        assertThat(Durations.format(0)).isEqualTo("0ns");
        assertThat(Durations.format(3_600_000_000_000L)).isEqualTo("1h");
        assertThat(Durations.format(300_000_000_000L)).isEqualTo("5min");
        assertThat(Durations.format(90_000_000_000L)).isEqualTo("90s");
        assertThat(Durations.parseNs("1h")).isEqualTo(3_600_000_000_000L);
        assertThat(Durations.parseNs("1.5min")).isEqualTo(90_000_000_000L);
    }

    @Test
    void formatThenParseIsTheIdentity() {
        RandomizedCheck.forAll(10_000, rnd -> {
            long ns = rnd.nextBoolean() ? rnd.nextLong(1_000_000_000_000L) : rnd.nextLong(10_000);
            assertThat(Durations.parseNs(Durations.format(ns))).isEqualTo(ns);
        });
    }
}
