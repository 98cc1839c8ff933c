package dev.scatterbatch.app.run;

import dev.scatterbatch.host.hypervisor.SimulationEvent;

/**
 * One world to run, and how: {@code spec} until it ends or has spent {@code budgetNs} of virtual time (then it is
 * reported stalled). With {@code failureIsResult}, a world that cannot run at all (the host refuses to map a VM's RAM)
 * reports that as its error instead of stopping the command: in a design map it is that design failing in its cell.
 * A job is plain data, so a worker on another machine runs exactly the job its coordinator meant.
 *
 * @param spec            the world
 * @param budgetNs        the virtual time it may take
 * @param failureIsResult whether a world that throws reports the error in its statistics rather than failing the run
 */
public record WorldJob(WorldSpec spec, long budgetNs, boolean failureIsResult) {

    /** {@code spec} as bench, sweep and calibrate run it: within {@link Benchmark}'s budget, a failure stopping the run. */
    public static WorldJob of(WorldSpec spec) {
        return new WorldJob(spec, Benchmark.virtualBudgetNs(spec), false);
    }

    /** Runs the world on the direct transport, on the calling thread; what it reported. */
    public RunStatistics run() {
        try {
            return Benchmark.runWorldWithin(spec, budgetNs, Transport.DIRECT, null);
        } catch (IllegalStateException e) {
            if (!failureIsResult) throw e;
            RunStatistics failed = new RunStatistics();
            failed.on(new SimulationEvent.GuestFinished(0, 0, e.getMessage()));
            return failed;
        }
    }
}
