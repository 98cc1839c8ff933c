package dev.scatterbatch.app.tune;

import dev.scatterbatch.model.scenario.Scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * One observed score: what a scenario scored on the user's machine, under some conditions.
 *
 * @param scenario   the scenario measured
 * @param score      its score
 * @param conditions the workload and settings it was measured under
 * @param source     the {@code --observed} text it came from, for messages
 */
public record Observation(Scenario scenario, double score, Conditions conditions, String source) {

    /** {@code per-range} or {@code per-range@scatter-4000@buffers[0].fragmentation.runPages=1}. */
    public String label() {
        return scenario.key() + conditions.label();
    }

    /**
     * What an observation was measured under, beyond the command's own {@code --workload} and {@code --profile}.
     *
     * @param workload          another workload (bundled name or file), or null for the command's
     * @param workloadOverrides {@code path=value} changes to that workload
     * @param profileOverrides  {@code name=value} settings of profile parameters that are not fitted
     */
    public record Conditions(String workload, List<String> workloadOverrides, List<String> profileOverrides) {

        /** The command's own workload and profile. */
        public static final Conditions NONE = new Conditions(null, List.of(), List.of());

        public Conditions {
            workloadOverrides = List.copyOf(workloadOverrides);
            profileOverrides = List.copyOf(profileOverrides);
        }

        /** The qualifiers as written after a score list: {@code @scatter-4000@compute=20ms}, or empty. */
        public String label() {
            List<String> parts = new ArrayList<>();
            if (workload != null) parts.add(workload);
            parts.addAll(workloadOverrides);
            parts.addAll(profileOverrides);
            return parts.isEmpty() ? "" : "@" + String.join("@", parts);
        }
    }
}
