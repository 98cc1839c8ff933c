package dev.scatterbatch.app.run;

import dev.scatterbatch.guest.workload.Workload;
import dev.scatterbatch.guest.workload.WorkloadLoader;
import dev.scatterbatch.host.HostKernel;
import dev.scatterbatch.host.hypervisor.HostGpuPort;
import dev.scatterbatch.host.hypervisor.SimulationEvent;
import dev.scatterbatch.host.hypervisor.VirtualTimeScheduler;
import dev.scatterbatch.host.hypervisor.Vmm;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.scenario.Scenario;
import dev.scatterbatch.model.sim.RandomStreams;
import dev.scatterbatch.model.wire.GuestRamRegion;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A world run within a budget ({@link VirtualTimeScheduler#runWithin}) stops a guest request that reaches past the
 * budget instead of simulating the host up to the request's end, and reports the same completed iterations.
 */
class EndOfVirtualTimeTest {

    /** Per-range under this many events/s: its registrations of 500 ranges each take long under the restore worker. */
    private static final double PRESSURE = 300;
    /** A budget that ends part-way through a registration, after some iterations completed. */
    private static final long BUDGET_NS = 400_000_000L;

    @Test
    void noHostCallStartsAfterTheBudgetAndTheCompletedIterationsAreTheSame() {
        Run within = run(s -> s.runWithin(BUDGET_NS));
        Run until = run(s -> s.runUntil(BUDGET_NS));

        assertThat(within.finished).isFalse();
        assertThat(until.finished).isFalse();
        // runUntil lets the request in progress call the host past the budget; runWithin stops it there
        assertThat(until.latestHostCallNs).isGreaterThan(BUDGET_NS);
        assertThat(within.latestHostCallNs).isLessThanOrEqualTo(BUDGET_NS);
        assertThat(within.iterations).isNotEmpty().isEqualTo(until.iterations);
    }

    private record Run(boolean finished, long latestHostCallNs, List<String> iterations) {
    }

    private static Run run(Predicate<VirtualTimeScheduler> runner) {
        TrapCostProfile profile = TrapCostProfile.defaults();
        Workload w = WorkloadLoader.load("seed-opencl");
        HostKernel kernel = HostKernel.create(() -> profile, new RandomStreams(42), World.pressure(w, PRESSURE));
        long[] latest = {0};
        HostGpuPort host = (command, cost) -> {
            latest[0] = Math.max(latest[0], command.atNs());
            return kernel.handle(command, cost);
        };
        List<String> iterations = new ArrayList<>();
        List<GuestRamRegion> ram = List.of(new GuestRamRegion(0, w.guestMemoryBytes(), false));
        WorldSpec spec = new WorldSpec(Scenario.PER_RANGE, profile, w, 42, 1, 3, WorldSpec.DEFAULT_HOST_RAM, PRESSURE);
        Vmm vmm = new Vmm(0, spec.scenario(), () -> profile, host, event -> {
        }, spec.hostRamBytes(), HostKernel.GPU_ID, ram);
        VirtualTimeScheduler scheduler = new VirtualTimeScheduler(spec.scenario(), () -> profile, host,
                World.directPorts(List.of(World.guestApp(spec, 0, () -> profile))), List.of(vmm),
                event -> {
                    if (event instanceof SimulationEvent.IterationCompleted it) iterations.add(it.iteration() + ": " + it.startNs() + ".." + it.endNs());
                });
        boolean finished = runner.test(scheduler);
        return new Run(finished, latest[0], iterations);
    }
}
