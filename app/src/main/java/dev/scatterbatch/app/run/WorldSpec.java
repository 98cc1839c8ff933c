package dev.scatterbatch.app.run;

import dev.scatterbatch.guest.workload.Workload;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.scenario.Scenario;

/**
 * Everything that decides a simulated world: one scenario's guests sharing one host.
 *
 * @param scenario     how buffers get registered
 * @param profile      the costs
 * @param workload     what each guest's benchmark does
 * @param seed         the seed of every random stream
 * @param guests       guests (VMs, or native apps for bare metal) sharing the host's GPU
 * @param iterations   benchmark iterations per guest
 * @param hostRamBytes the host's RAM (sets the KFD system-memory limit)
 * @param pressure     invalidating host memory events per simulated second on registered memory, or 0 to use
 *                     the workload's own event rates
 */
public record WorldSpec(Scenario scenario, TrapCostProfile profile, Workload workload, long seed, int guests,
                        int iterations, long hostRamBytes, double pressure) {

    /** Host RAM when nothing else is said: a GPU server with 256 GiB. */
    public static final long DEFAULT_HOST_RAM = 256L << 30;

    /** The same world under another scenario. */
    public WorldSpec withScenario(Scenario s) {
        return new WorldSpec(s, profile, workload, seed, guests, iterations, hostRamBytes, pressure);
    }

    /** The same world under another profile. */
    public WorldSpec withProfile(TrapCostProfile p) {
        return new WorldSpec(scenario, p, workload, seed, guests, iterations, hostRamBytes, pressure);
    }

    /** The same world running another workload. */
    public WorldSpec withWorkload(Workload w) {
        return new WorldSpec(scenario, profile, w, seed, guests, iterations, hostRamBytes, pressure);
    }

    /** The same world for another number of iterations per guest. */
    public WorldSpec withIterations(int n) {
        return new WorldSpec(scenario, profile, workload, seed, guests, n, hostRamBytes, pressure);
    }

    /** The same world under another host memory pressure (events per simulated second on registered memory). */
    public WorldSpec withPressure(double rate) {
        return new WorldSpec(scenario, profile, workload, seed, guests, iterations, hostRamBytes, rate);
    }

    /** The same world with {@code n} guests sharing the host's GPU. */
    public WorldSpec withGuests(int n) {
        return new WorldSpec(scenario, profile, workload, seed, n, iterations, hostRamBytes, pressure);
    }
}
