package dev.scatterbatch.app.tune;

import dev.scatterbatch.model.cost.Parameter;
import dev.scatterbatch.model.cost.ProfileLoader;
import dev.scatterbatch.model.cost.TrapCostProfile;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.scatterbatch.model.cost.Parameter.GPU_MAP_PER_CALL;
import static dev.scatterbatch.model.cost.Parameter.GUEST_COMPUTE_SLOWDOWN;
import static dev.scatterbatch.model.cost.Parameter.KFD_ALLOC_FIXED;
import static org.assertj.core.api.Assertions.assertThat;

class CalibrationReportTest {

    private static final List<String> LABELS = List.of("bare-metal", "per-range", "batch");

    private static String report(List<Parameter> fit, String... truth) {
        ToyObservations model = ToyObservations.seed();
        double[] observed = model.apply(ProfileLoader.applyOverrides(TrapCostProfile.defaults(), List.of(truth)));
        Calibration c = Calibrator.fit(model, TrapCostProfile.defaults(), fit, observed, new Calibrator.Options(100, 1, 0.01));
        return CalibrationReport.render(c, LABELS, "workload toy");
    }

    @Test
    void theReportShowsFittedValuesResidualsAndElasticitiesPerObservation() {
        String text = report(List.of(KFD_ALLOC_FIXED, GUEST_COMPUTE_SLOWDOWN), "kfdAllocFixed=35us", "guestComputeSlowdown=0.08");
        assertThat(text).startsWith("scatterbatch calibrate: workload toy, starting from profile default\nfit: converged");
        assertThat(text).containsPattern("kfdAllocFixed +14us +35us +0ns to 100ms +±\\d+\\.\\d%");
        assertThat(text).containsPattern("per-range +\\d{2},\\d{3} +\\d{2},\\d{3}\\.\\d +[+-]0\\.000%");
        assertThat(text).contains("elasticity: % score change for +10% of each parameter, at the fit\n"
                + "observation  kfdAllocFixed  guestComputeSlowdown\n");
        assertThat(text).containsPattern("\nper-range  +-\\d\\.\\d\\d% +-0\\.\\d\\d%\n");
        assertThat(text).contains("every fitted parameter is identifiable from these observations.");
    }

    @Test
    void theReportNamesTheCombinationTheDataCannotSeparate() {
        String text = report(List.of(KFD_ALLOC_FIXED, GPU_MAP_PER_CALL), "kfdAllocFixed=35us");
        assertThat(text).containsPattern("kfdAllocFixed and gpuMapPerCall are not separately identifiable: kfdAllocFixed \\+10\\.0% "
                + "with gpuMapPerCall -\\d+\\.\\d% moves no score by more than 0\\.0\\d{3}%, so the observations fix only a combination");
        assertThat(text).containsPattern("gpuMapPerCall +7us +\\S+ +0ns to 100ms +unconstrained");
    }

    @Test
    void moreParametersThanObservationsIsSaidPlainly() {
        ToyObservations one = new ToyObservations(List.of(ToyObservations.seed().points().get(1)));
        Calibration c = Calibrator.fit(one, TrapCostProfile.defaults(), List.of(KFD_ALLOC_FIXED, GUEST_COMPUTE_SLOWDOWN),
                new double[] {70_000}, new Calibrator.Options(100, 1, 0.01));
        assertThat(CalibrationReport.render(c, List.of("per-range"), "toy"))
                .contains("1 observation cannot fix 2 parameters: at least one combination of them stays free.");
    }
}
