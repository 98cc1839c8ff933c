package dev.scatterbatch.app.report;

import java.util.List;

/**
 * A whole {@code bench} run: its inputs and one result per scenario, in the order asked.
 *
 * @param profile   the profile's name (with any overrides)
 * @param workload  the workload's name
 * @param seed      the seed
 * @param transport {@code direct} or {@code eventbus}
 * @param guests    guests per scenario
 * @param scenarios the results
 */
public record BenchReport(String profile, String workload, long seed, String transport, int guests,
                          List<ScenarioResult> scenarios) {
}
