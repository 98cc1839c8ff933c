package dev.scatterbatch.app.run;

import dev.scatterbatch.model.cost.SplitLocation;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.scenario.Scenario;

/**
 * The closed form of docs/model.md section 9.1, computed independently of the simulation: the
 * iteration time of each scenario with one guest, no invalidations and no jitter, for A buffers per iteration
 * of R ranges of P pages each and compute G. The test oracle of the simulated iteration time.
 */
record ClosedForm(TrapCostProfile p, int buffers, long ranges, long pagesPerRange, long computeNs, boolean hugePages) {

    /** The iteration time of {@code scenario}, ns. */
    double iterationNs(Scenario scenario) {
        double g = p.guestSyscallNs();
        double h = p.hostIoctlNs();
        double tau = p.forwardedRoundTripNs();
        double f = 2 * (g + tau);
        double fixedAlloc = p.kfdAllocFixedNs();
        double map = p.gpuMapPerCallNs();
        double cr = p.perRangeNs();
        double cp = p.perPageNs() * (hugePages ? p.hugePageFactor() : 1.0);
        double n = ranges * pagesPerRange;
        double eps = p.guestComputeSlowdown();
        double guestCompute = (1 + eps) * computeNs;
        double a = buffers;
        return switch (scenario) {
            case BARE_METAL -> computeNs + a * (2 * h + fixedAlloc + map + cr + n * cp);
            case BATCH, BATCH_V4 -> guestCompute + a * (f + 2 * h + fixedAlloc + map + ranges * cr + n * cp);
            case PER_RANGE -> p.splitLocation() == SplitLocation.HOST_VMM
                    ? guestCompute + a * (f + ranges * (2 * h + fixedAlloc + map + cr) + n * cp)
                    : guestCompute + a * (ranges * (f + 2 * h + fixedAlloc + map + cr) + n * cp);
            case MREMAP -> guestCompute + a * (f + ranges * p.mremapPerRangeNs() + 2 * h + fixedAlloc + map + cr + n * cp);
        };
    }
}
