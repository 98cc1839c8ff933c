package dev.scatterbatch.app.tune;

import dev.scatterbatch.model.cost.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VarySpecTest {

    private static List<String> texts(SweepAxis axis) {
        return axis.values().stream().map(AxisValue::text).toList();
    }

    @Test
    void aDurationRangeTakesEqualStepsIncludingBothEnds() {
        SweepAxis axis = VarySpec.parse("kfdAllocFixed=5us..100us:5", false);
        assertThat(axis.target()).isEqualTo(SweepAxis.Target.PROFILE);
        assertThat(axis.quantity()).isEqualTo(Quantity.DURATION);
        assertThat(texts(axis)).containsExactly("5us", "28.75us", "52.5us", "76.25us", "100us");
        assertThat(axis.values().get(1).number()).isEqualTo(28_750);
        assertThat(axis.logSteps()).isFalse();
    }

    @Test
    void logStepsHaveEqualRatiosWhetherAskedPerRangeOrByTheFlag() {
        SweepAxis own = VarySpec.parse("kfdAllocFixed=1us..1ms:4log", false);
        SweepAxis flag = VarySpec.parse("kfdAllocFixed=1us..1ms:4", true);
        assertThat(texts(own)).containsExactly("1us", "10us", "100us", "1ms");
        assertThat(flag.values()).isEqualTo(own.values());
        assertThat(own.logSteps()).isTrue();
        assertThat(VarySpec.parse("kfdAllocFixed=1us..1ms:4lin", true).logSteps()).isFalse();
    }

    @Test
    void aListKeepsItsOrderAndWritesValuesAsProfilesDo() {
        SweepAxis axis = VarySpec.parse("kfdAllocFixed=80us, 5us,0.02ms", false);
        assertThat(texts(axis)).containsExactly("80us", "5us", "20us");
        assertThat(axis.csvHeader()).isEqualTo("kfdAllocFixed_ns");
        assertThat(axis.csvCell(axis.values().getFirst())).isEqualTo("80000");
    }

    @Test
    void factorRangesKeepSixSignificantDigits() {
        SweepAxis axis = VarySpec.parse("guestComputeSlowdown=0.01..0.2:3", false);
        assertThat(texts(axis)).containsExactly("0.01", "0.105", "0.2");
        assertThat(VarySpec.parse("guestComputeSlowdown=0.01..0.2:4", false).values().get(1).text()).isEqualTo("0.0733333");
    }

    @Test
    void aChoiceParameterIsListedAndChartedByPosition() {
        SweepAxis axis = VarySpec.parse("splitLocation=guest,host-vmm", false);
        assertThat(axis.quantity()).isEqualTo(Quantity.CHOICE);
        assertThat(axis.values()).containsExactly(new AxisValue("guest", 0), new AxisValue("host-vmm", 1));
        assertThat(axis.csvCell(axis.values().get(1))).isEqualTo("host-vmm");
    }

    @Test
    void workloadFieldsTakeTheirKindFromHowValuesAreWritten() {
        SweepAxis runs = VarySpec.parse("buffers[0].fragmentation.runPages=2000,80,8,4,1", false);
        assertThat(runs.target()).isEqualTo(SweepAxis.Target.WORKLOAD);
        assertThat(runs.quantity()).isEqualTo(Quantity.WHOLE);
        assertThat(runs.assignment(runs.values().get(2))).isEqualTo("buffers[0].fragmentation.runPages=8");
        SweepAxis size = VarySpec.parse("buffers[0].size=1MiB..4MiB:4", false);
        assertThat(size.quantity()).isEqualTo(Quantity.BYTES);
        assertThat(texts(size)).containsExactly("1MiB", "2MiB", "3MiB", "4MiB");
        assertThat(size.csvHeader()).isEqualTo("buffers[0].size_bytes");
        assertThat(VarySpec.parse("compute=10ms..30ms:3", false).quantity()).isEqualTo(Quantity.DURATION);
        assertThat(VarySpec.parse("buffers[0].aging.freeFraction=0.1,0.5", false).quantity()).isEqualTo(Quantity.NUMBER);
        assertThat(VarySpec.parse("buffers[0].hugePages=true,false", false).quantity()).isEqualTo(Quantity.CHOICE);
    }

    @Test
    void roundingThatMakesNeighboursEqualKeepsOneOfEach() {
        SweepAxis axis = VarySpec.parse("buffers[0].fragmentation.runPages=1..4:7", false);
        assertThat(texts(axis)).containsExactly("1", "2", "3", "4");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "kfdAllocFixed|--vary kfdAllocFixed: expected name=values",
            "kfdAllocFixed=|--vary kfdAllocFixed=: no values after '='",
            "kfdAllocFixed=5us..100us|--vary kfdAllocFixed=5us..100us: a range needs its number of values, such as kfdAllocFixed=5us..100us:8",
            "kfdAllocFixed=5us..100us:1|--vary kfdAllocFixed=5us..100us:1: a range takes 2 to 1000 values, got 1",
            "kfdAllocFixed=5..100:8|--vary kfdAllocFixed=5..100:8: expected a duration with a unit",
            "kfdAllocFixed=5us..200ms:8|--vary kfdAllocFixed=5us..200ms:8: kfdAllocFixed = 200ms is out of range: allowed 0ns to 100ms",
            "kfdAllocFixed=0us..1ms:3log|--vary kfdAllocFixed=0us..1ms:3log: logarithmic steps need both ends above zero",
            "kfdAllocFixed=5us,,6us|--vary kfdAllocFixed=5us,,6us: an empty value in the list",
            "kfdAllocFixed=5us,0.005ms|--vary kfdAllocFixed=5us,0.005ms: '0.005ms' is listed twice",
            "splitLocation=guest..host-vmm:2|--vary splitLocation=guest..host-vmm:2: a range needs two numbers, sizes or durations of one kind; list names instead, such as splitLocation=host-vmm,guest",
            "splitLocation=nowhere|--vary splitLocation=nowhere: expected one of host-vmm, guest, got 'nowhere'",
            "buffers[0].size=1MiB..true:3|--vary buffers[0].size=1MiB..true:3: a range needs two numbers",
    })
    void aBadVaryIsOneSentenceNamingIt(String spec, String message) {
        assertThatThrownBy(() -> VarySpec.parse(spec, false)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(message);
    }
}
