package dev.scatterbatch.app.tune;

import dev.scatterbatch.model.cost.ConfigException;
import dev.scatterbatch.model.cost.Parameter;
import dev.scatterbatch.model.testing.RandomizedCheck;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class FitParameterTest {

    @Test
    void everyZGivesAValidValueAndAValueInsideTheRangeComesBackFromItsZ() {
        RandomizedCheck.forAll(200, random -> {
            Parameter p = random.nextBoolean() ? Parameter.KFD_ALLOC_FIXED : Parameter.NESTED_MULTIPLIER;
            FitParameter f = FitParameter.of(p);
            Object v = f.value(f.lnValue(random.nextDouble(-50, 50)));
            assertThat(p.checkRange(v)).isNull();
            double inside = Math.exp(f.lnLow() + (f.lnHigh() - f.lnLow()) * random.nextDouble(0.02, 0.98));
            assertThat(Math.exp(f.lnValue(f.z(inside)))).isCloseTo(inside, within(inside * 1e-9));
        });
    }

    @Test
    void aRangeStartingAtZeroIsFittedFromAFloorAndAStartAtZeroMovesInside() {
        FitParameter f = FitParameter.of(Parameter.GPU_UNMAP_PER_CALL);
        assertThat(f.lnLow()).isEqualTo(0.0); // 1 ns
        assertThat(f.lnHigh()).isEqualTo(Math.log(100e6));
        assertThat(f.share(Math.exp(f.lnValue(f.z(0))))).isCloseTo(0.01, within(1e-9));
        assertThat(f.lnSlope(f.z(0))).isPositive();
    }

    @Test
    void theFitListTakesDurationsAndFactorsOnce() {
        assertThat(FitParameter.parseList("kfdAllocFixed, guestComputeSlowdown"))
                .containsExactly(Parameter.KFD_ALLOC_FIXED, Parameter.GUEST_COMPUTE_SLOWDOWN);
        assertThatThrownBy(() -> FitParameter.parseList("maxMapCount,splitLocation,kfdAlocFixed,faultPerPage,faultPerPage,"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
                        "--fit maxMapCount,splitLocation,kfdAlocFixed,faultPerPage,faultPerPage,: maxMapCount is a count; only durations and factors can be fitted",
                        "--fit maxMapCount,splitLocation,kfdAlocFixed,faultPerPage,faultPerPage,: splitLocation is a choice; only durations and factors can be fitted",
                        "--fit maxMapCount,splitLocation,kfdAlocFixed,faultPerPage,faultPerPage,: unknown parameter 'kfdAlocFixed'; known parameters: "
                                + Parameter.knownKeys(),
                        "--fit maxMapCount,splitLocation,kfdAlocFixed,faultPerPage,faultPerPage,: faultPerPage is listed twice",
                        "--fit maxMapCount,splitLocation,kfdAlocFixed,faultPerPage,faultPerPage,: an empty name in the list"));
    }
}
