package dev.scatterbatch.app.tune;

import dev.scatterbatch.model.cost.ConfigException;
import dev.scatterbatch.model.scenario.Scenario;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.scatterbatch.model.cost.Parameter.KFD_ALLOC_FIXED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObservationsTest {

    @Test
    void scoresWithoutQualifiersAreUnderTheCommandsOwnWorkloadAndProfile() {
        String text = "bare-metal=200000,per-range=80000, batch=175000";
        List<Observation> o = Observations.parse(List.of(text), List.of());
        assertThat(o).containsExactly(new Observation(Scenario.BARE_METAL, 200_000, Observation.Conditions.NONE, text),
                new Observation(Scenario.PER_RANGE, 80_000, Observation.Conditions.NONE, text),
                new Observation(Scenario.BATCH, 175_000, Observation.Conditions.NONE, text));
        assertThat(o.get(1).label()).isEqualTo("per-range");
    }

    @Test
    void qualifiersNameAWorkloadItsFieldsAndUnfittedProfileSettings() {
        List<Observation> o = Observations.parse(List.of(
                "per-range=15800,batch=165500@buffers[0].fragmentation.runPages=1",
                "per-range=40000@scatter-4000@splitLocation=guest@nestedMultiplier=8"), List.of(KFD_ALLOC_FIXED));
        assertThat(o.getFirst().conditions()).isEqualTo(new Observation.Conditions(null, List.of("buffers[0].fragmentation.runPages=1"), List.of()));
        assertThat(o.get(2).conditions()).isEqualTo(new Observation.Conditions("scatter-4000", List.of(),
                List.of("splitLocation=guest", "nestedMultiplier=8")));
        assertThat(o.get(2).label()).isEqualTo("per-range@scatter-4000@splitLocation=guest@nestedMultiplier=8");
    }

    @Test
    void observationsGroupByTheirConditionsInOrderOfFirstAppearance() {
        List<Observation> o = Observations.parse(List.of("per-range=80000@compute=20ms", "batch=175000",
                "batch=170000@compute=20ms"), List.of());
        Map<Observation.Conditions, List<Integer>> groups = Observations.byConditions(o);
        assertThat(groups.values()).containsExactly(List.of(0, 2), List.of(1));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "per-range|--observed per-range: expected scenario=score, such as per-range=80000, got 'per-range'",
            "per-rnage=5|--observed per-rnage=5: unknown scenario 'per-rnage'",
            "batch=fast|--observed batch=fast: the score of batch must be a number, got 'fast'",
            "batch=-3|--observed batch=-3: the score of batch must be above zero, got '-3'",
            "batch=1,batch=2|--observed batch=1,batch=2: batch is observed twice",
            "batch=1@|--observed batch=1@: an empty qualifier after '@'",
            "batch=1@a@b|--observed batch=1@a@b: two workloads, @a and @b; give one",
            "batch=1@kfdAllocFixed=30us|--observed batch=1@kfdAllocFixed=30us: kfdAllocFixed is being fitted, so an observation cannot fix it",
            "batch=1@hmmRangePerRange=3|--observed batch=1@hmmRangePerRange=3: hmmRangePerRange: expected a duration with a unit",
            "batch=1@=3|--observed batch=1@=3: qualifier '@=3' has no name before '='",
    })
    void aBadObservationIsOneSentenceNamingIt(String text, String message) {
        assertThatThrownBy(() -> Observations.parse(List.of(text), List.of(KFD_ALLOC_FIXED)))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith(message);
    }

    @Test
    void theSameScenarioUnderTheSameConditionsTwiceIsRefusedAcrossObservedOptions() {
        assertThatThrownBy(() -> Observations.parse(List.of("batch=1@llm-7b", "batch=2@llm-7b"), List.of()))
                .hasMessage("--observed batch=2@llm-7b: batch@llm-7b is observed twice");
    }
}
