package dev.scatterbatch.app.tune;

import dev.scatterbatch.model.cost.Parameter;
import dev.scatterbatch.model.cost.ProfileLoader;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.scenario.Scenario;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.scatterbatch.model.cost.Parameter.GPU_MAP_PER_CALL;
import static dev.scatterbatch.model.cost.Parameter.GUEST_COMPUTE_SLOWDOWN;
import static dev.scatterbatch.model.cost.Parameter.KFD_ALLOC_FIXED;
import static dev.scatterbatch.model.cost.Parameter.HMM_RANGE_PER_RANGE;
import static dev.scatterbatch.model.cost.Parameter.QUEUE_QUIESCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CalibratorTest {

    private static final TrapCostProfile DEFAULT = ToyModel.TOY;

    private static TrapCostProfile truth(String... sets) {
        return ProfileLoader.applyOverrides(DEFAULT, List.of(sets));
    }

    private static Calibration fit(ToyObservations model, TrapCostProfile truth, List<Parameter> fit, int threads) {
        return Calibrator.fit(model, DEFAULT, fit, model.apply(truth), new Calibrator.Options(100, threads, 0.01));
    }

    @Test
    void recoversChangedParametersFromTheirScores() {
        TrapCostProfile truth = truth("kfdAllocFixed=35us", "hmmRangePerRange=1us", "guestComputeSlowdown=0.08");
        Calibration c = fit(ToyObservations.seedAndScattered(), truth, List.of(KFD_ALLOC_FIXED, HMM_RANGE_PER_RANGE, GUEST_COMPUTE_SLOWDOWN), 2);
        assertThat(c.fitted().number(KFD_ALLOC_FIXED)).isCloseTo(35_000, within(35_000 * 0.001));
        assertThat(c.fitted().number(HMM_RANGE_PER_RANGE)).isCloseTo(1_000, within(1_000 * 0.01));
        assertThat(c.fitted().guestComputeSlowdown()).isCloseTo(0.08, within(0.08 * 0.001));
        assertThat(c.rmsResidual()).isLessThan(1e-5);
        assertThat(c.outcome()).isNotEqualTo(Calibration.Outcome.STOPPED);
        assertThat(c.identifiability().findings()).isEmpty();
        assertThat(c.atBound()).isEmpty();
        assertThat(c.fitted().name()).isEqualTo("calibrated");
    }

    @Test
    void costsPaidOncePerRangeEachAreFoundOnlyAsTheirSumAndSaidSo() {
        TrapCostProfile truth = truth("kfdAllocFixed=35us", "gpuMapPerCall=10us", "guestComputeSlowdown=0.08");
        Calibration c = fit(ToyObservations.seed(), truth, List.of(KFD_ALLOC_FIXED, GPU_MAP_PER_CALL, GUEST_COMPUTE_SLOWDOWN), 2);
        assertThat(c.fitted().number(KFD_ALLOC_FIXED) + c.fitted().number(GPU_MAP_PER_CALL)).isCloseTo(45_000, within(45_000 * 0.01));
        assertThat(c.fitted().guestComputeSlowdown()).isCloseTo(0.08, within(0.08 * 0.01));
        assertThat(c.rmsResidual()).isLessThan(1e-5);
        Identifiability id = c.identifiability();
        assertThat(id.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Identifiability.Kind.UNIDENTIFIABLE);
            assertThat(f.changes()).containsOnlyKeys(KFD_ALLOC_FIXED, GPU_MAP_PER_CALL);
            // raising one and lowering the other keeps their sum, which is all the scores see
            assertThat(f.changes().get(KFD_ALLOC_FIXED) * f.changes().get(GPU_MAP_PER_CALL)).isNegative();
            assertThat(f.scoreMove()).isLessThan(0.001);
        });
        assertThat(id.uncertainty()[0]).isInfinite();
        assertThat(id.uncertainty()[2]).isFinite();
    }

    @Test
    void aParameterTheScoresIgnoreIsInsensitiveAndStaysWhereItStarted() {
        TrapCostProfile truth = truth("guestComputeSlowdown=0.08");
        Calibration c = fit(ToyObservations.seed(), truth, List.of(GUEST_COMPUTE_SLOWDOWN, QUEUE_QUIESCE), 1);
        assertThat(c.fitted().guestComputeSlowdown()).isCloseTo(0.08, within(0.08 * 0.001));
        assertThat(c.fitted().get(QUEUE_QUIESCE)).isEqualTo(DEFAULT.get(QUEUE_QUIESCE));
        assertThat(c.identifiability().findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Identifiability.Kind.INSENSITIVE);
            assertThat(f.changes()).containsOnlyKeys(QUEUE_QUIESCE);
        });
    }

    @Test
    void elasticitiesAtTheDefaultsMatchTheReferenceSensitivityTable() {
        // docs/model.md §9.3: per-range (host-vmm) -3.12% for kfdAllocFixed, -2.36% for gpuMapPerCall;
        // batch -0.40% for guestComputeSlowdown
        Calibration c = fit(ToyObservations.seed(), DEFAULT, List.of(KFD_ALLOC_FIXED, GPU_MAP_PER_CALL, GUEST_COMPUTE_SLOWDOWN), 2);
        assertThat(c.fitted().values()).isEqualTo(DEFAULT.values());
        assertThat(c.elasticities()[1][0]).isCloseTo(-3.12, within(0.02));
        assertThat(c.elasticities()[1][1]).isCloseTo(-2.36, within(0.02));
        assertThat(c.elasticities()[2][2]).isCloseTo(-0.40, within(0.02));
        assertThat(c.elasticities()[0][2]).isZero();
    }

    @Test
    void aFitThatWantsMoreThanTheValidRangeEndsAtItsBound() {
        ToyObservations model = new ToyObservations(List.of(new ToyObservations.Point(Scenario.PER_RANGE, 500)));
        Calibration c = Calibrator.fit(model, DEFAULT, List.of(KFD_ALLOC_FIXED), new double[] {10}, new Calibrator.Options(100, 1, 0.01));
        assertThat(c.atBound()).containsExactly(KFD_ALLOC_FIXED);
        assertThat(c.fitted().number(KFD_ALLOC_FIXED)).isLessThanOrEqualTo(100e6).isGreaterThan(90e6);
    }

    @Test
    void theSameFitGivesTheSameAnswerOnOneThreadOrMany() {
        TrapCostProfile truth = truth("kfdAllocFixed=35us", "hmmRangePerRange=1us", "guestComputeSlowdown=0.08");
        List<Parameter> params = List.of(KFD_ALLOC_FIXED, HMM_RANGE_PER_RANGE, GUEST_COMPUTE_SLOWDOWN);
        Calibration one = fit(ToyObservations.seedAndScattered(), truth, params, 1);
        Calibration many = fit(ToyObservations.seedAndScattered(), truth, params, 4);
        assertThat(many.fitted().values()).isEqualTo(one.fitted().values());
        assertThat(many.predicted()).isEqualTo(one.predicted());
        assertThat(many.evaluations()).isEqualTo(one.evaluations());
        assertThat(Map.of("iterations", many.iterations())).isEqualTo(Map.of("iterations", one.iterations()));
    }
}
