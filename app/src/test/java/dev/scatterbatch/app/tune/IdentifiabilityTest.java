package dev.scatterbatch.app.tune;

import dev.scatterbatch.model.cost.Parameter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.scatterbatch.model.cost.Parameter.GPU_MAP_PER_CALL;
import static dev.scatterbatch.model.cost.Parameter.GUEST_COMPUTE_SLOWDOWN;
import static dev.scatterbatch.model.cost.Parameter.KFD_ALLOC_FIXED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class IdentifiabilityTest {

    private static final List<Parameter> THREE = List.of(KFD_ALLOC_FIXED, GPU_MAP_PER_CALL, GUEST_COMPUTE_SLOWDOWN);

    @Test
    void independentResponsesAreIdentifiableWithUncertaintyScoreErrorOverSensitivity() {
        double[][] j = {{-0.5, 0, 0}, {0, -0.2, 0}, {0, 0, 0.05}};
        Identifiability id = Identifiability.analyse(j, THREE, 0.01);
        assertThat(id.findings()).isEmpty();
        assertThat(id.uncertainty()[0]).isCloseTo(Math.expm1(0.01 / 0.5), within(1e-12));
        assertThat(id.uncertainty()[1]).isCloseTo(Math.expm1(0.01 / 0.2), within(1e-12));
        assertThat(id.uncertainty()[2]).isCloseTo(Math.expm1(0.01 / 0.05), within(1e-12));
    }

    @Test
    void proportionalColumnsAreOneUnidentifiableCombinationTheScoresCannotSee() {
        // every observation sees 20 us of one cost and 15 us of the other only as their sum
        double[][] j = {{-0.004, -0.003, 0}, {-0.4, -0.3, -0.02}, {-0.002, -0.0015, -0.04}};
        Identifiability id = Identifiability.analyse(j, THREE, 0.01);
        assertThat(id.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Identifiability.Kind.UNIDENTIFIABLE);
            assertThat(f.changes()).containsOnlyKeys(KFD_ALLOC_FIXED, GPU_MAP_PER_CALL);
            assertThat(f.changes().get(KFD_ALLOC_FIXED)).isCloseTo(10, within(1e-9));
            // ln changes in the ratio -0.4 : 0.3, so the weighted sum stays
            assertThat(Math.log1p(f.changes().get(GPU_MAP_PER_CALL) / 100)).isCloseTo(-Math.log(1.1) * 4 / 3, within(1e-9));
            assertThat(f.scoreMove()).isLessThan(1e-9);
        });
        assertThat(id.uncertainty()[0]).isInfinite();
        assertThat(id.uncertainty()[1]).isInfinite();
        assertThat(id.uncertainty()[2]).isFinite();
    }

    @Test
    void aColumnOfZerosIsInsensitiveAndLeavesTheOthersAlone() {
        double[][] j = {{-0.5, 0, 0.00001}, {0, -0.2, 0}};
        Identifiability id = Identifiability.analyse(j, THREE, 0.01);
        assertThat(id.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Identifiability.Kind.INSENSITIVE);
            assertThat(f.changes()).containsOnlyKeys(GUEST_COMPUTE_SLOWDOWN);
        });
        assertThat(id.uncertainty()[0]).isCloseTo(Math.expm1(0.02), within(1e-12));
        assertThat(id.uncertainty()[2]).isInfinite();
    }

    @Test
    void fewerObservationsThanParametersLeaveADirectionFree() {
        double[][] j = {{-0.5, -0.1, -0.02}};
        Identifiability id = Identifiability.analyse(j, THREE, 0.01);
        assertThat(id.findings()).hasSize(2).allSatisfy(f -> assertThat(f.kind()).isEqualTo(Identifiability.Kind.UNIDENTIFIABLE));
    }

    @Test
    void aWeakResponseIsUnidentifiableOnceTheScoreErrorOutweighsIt() {
        double[][] j = {{-0.5, 0}, {0, -0.005}};
        List<Parameter> two = List.of(KFD_ALLOC_FIXED, GUEST_COMPUTE_SLOWDOWN);
        assertThat(Identifiability.analyse(j, two, 0.001).findings()).isEmpty();
        assertThat(Identifiability.analyse(j, two, 0.01).findings()).singleElement()
                .satisfies(f -> assertThat(f.changes()).containsOnlyKeys(GUEST_COMPUTE_SLOWDOWN));
    }
}
