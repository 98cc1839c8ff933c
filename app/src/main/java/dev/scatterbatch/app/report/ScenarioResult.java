package dev.scatterbatch.app.report;

import dev.scatterbatch.model.cost.Component;

import java.util.Map;

/**
 * One scenario's benchmark result.
 *
 * @param name           the scenario
 * @param score          K / T_iteration, NaN unless the scenario completed
 * @param percentOfBareMetal score as a percentage of the bare-metal score of the same run, or NaN unless both completed
 * @param iterationNs    mean time of the completed iterations, rounded to ns (0 without any)
 * @param iterations     iterations completed (over all guests); a stalled or aborted one never counts
 * @param perBuffer      per registered buffer: forwarded requests, VM exits, host ioctls, ranges
 * @param attributionNs  per iteration, by component key; sums to {@code iterationNs}
 * @param setupNs        time registering run-lifetime buffers before the first iteration
 * @param pressure       evictions, restores and queue stall per iteration
 * @param error          why the scenario stopped early, or null
 * @param status         {@code completed}, {@code stalled} (its GPU work kept waiting) or {@code aborted} (see error)
 */
public record ScenarioResult(String name, double score, double percentOfBareMetal, long iterationNs, int iterations,
                             PerBuffer perBuffer, Map<String, Long> attributionNs, long setupNs, Pressure pressure,
                             String error, String status) {

    /** Counts per registered buffer. */
    public record PerBuffer(double forwardedRequests, double vmExits, double hostIoctls, double ranges) {
    }

    /**
     * Host memory pressure per iteration, and how many restore-worker runs it took to confirm one restore (1 when
     * no run had to be repeated; more when runs raced invalidations or found a notifier sequence moved).
     */
    public record Pressure(double evictions, double restores, long queueStallNs, double runsPerRestore) {
    }

    /** Whether the scenario ran every iteration, so that its score means something. */
    public boolean completed() {
        return "completed".equals(status);
    }

    /** The attribution of {@code component}, ns per iteration. */
    public long attribution(Component component) {
        return attributionNs.getOrDefault(component.key(), 0L);
    }
}
