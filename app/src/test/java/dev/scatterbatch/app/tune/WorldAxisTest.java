package dev.scatterbatch.app.tune;

import dev.scatterbatch.model.cost.ConfigException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorldAxisTest {

    @Test
    void worldAxesParseAsSweepAxesOfTheirOwnKind() {
        SweepAxis sizes = VarySpec.parse("rangeSize=4KiB..1GiB:4log", false);
        assertThat(sizes.target()).isEqualTo(SweepAxis.Target.WORLD);
        assertThat(sizes.values()).extracting(AxisValue::text).containsExactly("4KiB", "256KiB", "16MiB", "1GiB");
        assertThat(sizes.csvHeader()).isEqualTo("rangeSize_bytes");
        assertThat(VarySpec.parse("nested=off,on", false).values()).extracting(AxisValue::text).containsExactly("off", "on");
        assertThat(VarySpec.parse("pressure=0..1000:3", false).values()).extracting(AxisValue::number).containsExactly(0.0, 500.0, 1000.0);
        assertThat(VarySpec.parse("guests=1,4", false).target()).isEqualTo(SweepAxis.Target.WORLD);
    }

    @Test
    void aRangeSizeRoundsToWholePagesAndValuesOutsideTheWorldsLimitsAreRefused() {
        assertThat(WorldAxis.RANGE_SIZE.value("7000B").text()).isEqualTo("8KiB");
        assertThat(WorldAxis.RANGE_SIZE.value("1B").text()).isEqualTo("4KiB");
        assertThatThrownBy(() -> VarySpec.parse("guests=0,4", false)).isInstanceOf(ConfigException.class)
                .hasMessage("--vary guests=0,4: guests must be 1 to 64, got 0");
        assertThatThrownBy(() -> VarySpec.parse("pressure=-1,4", false)).hasMessageContaining("a pressure is 0 or more events per second, got -1");
        assertThatThrownBy(() -> VarySpec.parse("nested=off,maybe", false)).hasMessageContaining("nested is off or on, got 'maybe'");
        assertThatThrownBy(() -> VarySpec.parse("rangesPerBuffer=0,4", false)).hasMessageContaining("ranges per buffer must be at least 1");
    }
}
