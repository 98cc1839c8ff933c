package dev.scatterbatch.app.tune;

import dev.scatterbatch.app.report.BenchReport;
import dev.scatterbatch.app.report.ScenarioResult;
import dev.scatterbatch.model.cost.Parameter;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.scenario.Scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for the simulation in unit tests: registration of A buffers of N pages in R ranges around compute G,
 * costed from a profile as in docs/model.md §9.1 (host-VMM split), scored so that bare metal under the
 * default profile scores 200,000. Cheap, exact and smooth, so tests of the sweep and the fit need no simulator.
 *
 * @param buffers  A, buffers per iteration
 * @param pages    N, pages per buffer
 * @param ranges   R, ranges per buffer
 * @param computeNs G
 */
record ToyModel(int buffers, long pages, long ranges, double computeNs) {

    /** The seed workload: 4 buffers of 4000 pages in 500 ranges, 42.898 ms of compute. */
    static ToyModel seed() {
        return new ToyModel(4, 4000, 500, 42_898_000);
    }

    ToyModel withRanges(long r) {
        return new ToyModel(buffers, pages, r, computeNs);
    }

    /**
     * The toy's default costs: the seed calibration's per-call and per-range sums (kfdAllocFixed 20 us, gpuMapPerCall
     * 15 us, 0.5 us per range, 0.4 us per page), so the toy keeps the reference sensitivity table's numbers.
     */
    static final TrapCostProfile TOY = TrapCostProfile.defaults().with(Map.of(
            Parameter.KFD_ALLOC_FIXED, 20_000L, Parameter.GPU_MAP_PER_CALL, 15_000L,
            Parameter.HMM_RANGE_PER_RANGE, 500L, Parameter.FAULT_PER_PAGE, 400L));

    /** The iteration time of {@code scenario} under {@code p}, ns. */
    double iterationNs(TrapCostProfile p, Scenario scenario) {
        double ioctl = 2.0 * p.hostIoctlNs() + p.kfdAllocFixedNs() + p.gpuMapPerCallNs();
        double pageWork = pages * (double) p.faultPerPageNs();
        double forwarded = 2.0 * (p.guestSyscallNs() + p.forwardedRoundTripNs());
        double guestCompute = computeNs * (1 + p.guestComputeSlowdown());
        double perBuffer = switch (scenario) {
            case BARE_METAL -> ioctl + p.hmmRangePerRangeNs() + pageWork;
            case PER_RANGE -> forwarded + ranges * (ioctl + p.hmmRangePerRangeNs()) + pageWork;
            default -> forwarded + ioctl + ranges * (double) p.hmmRangePerRangeNs() + pageWork;
        };
        return (scenario == Scenario.BARE_METAL ? computeNs : guestCompute) + buffers * perBuffer;
    }

    /** The score of {@code scenario}: K / T with K fixed by bare metal under the default profile. */
    double score(TrapCostProfile p, Scenario scenario) {
        return 200_000 * iterationNs(TOY, Scenario.BARE_METAL) / iterationNs(p, scenario);
    }

    /** A bench report of {@code scenarios} under {@code p}, as the simulation's would read. */
    BenchReport report(TrapCostProfile p, List<Scenario> scenarios) {
        double bare = score(p, Scenario.BARE_METAL);
        List<ScenarioResult> results = new ArrayList<>();
        for (Scenario s : scenarios) {
            double score = score(p, s);
            results.add(new ScenarioResult(s.key(), score, 100 * score / bare, Math.round(iterationNs(p, s)), 3,
                    new ScenarioResult.PerBuffer(2, 1, s == Scenario.PER_RANGE ? 2 * ranges : 2,
                            s == Scenario.BARE_METAL ? 1 : ranges),
                    Map.of(), 0, new ScenarioResult.Pressure(0, 0, 0, 0), null, "completed"));
        }
        return new BenchReport(p.name(), "toy", 42, "direct", 1, results);
    }
}
