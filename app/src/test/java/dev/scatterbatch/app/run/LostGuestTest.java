package dev.scatterbatch.app.run;

import dev.scatterbatch.guest.bench.BenchmarkApp;
import dev.scatterbatch.guest.workload.WorkloadLoader;
import dev.scatterbatch.host.HostKernel;
import dev.scatterbatch.host.hypervisor.GuestLostException;
import dev.scatterbatch.host.hypervisor.GuestPort;
import dev.scatterbatch.host.hypervisor.SimulationEvent;
import dev.scatterbatch.host.hypervisor.SimulationObserver;
import dev.scatterbatch.host.hypervisor.VirtualTimeScheduler;
import dev.scatterbatch.host.hypervisor.Vmm;
import dev.scatterbatch.host.pressure.MemoryPressure;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.scenario.Scenario;
import dev.scatterbatch.model.sim.RandomStreams;
import dev.scatterbatch.model.wire.GuestCompletion;
import dev.scatterbatch.model.wire.GuestRamRegion;
import dev.scatterbatch.model.wire.GuestRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** A guest that stops answering mid-run: the scheduler retires it cleanly and the other guest runs to its end. */
class LostGuestTest {

    @ParameterizedTest(name = "{0}, lost after {1} answers")
    @ValueSource(ints = {0, 1, 7, 40})
    void theOtherGuestFinishesAndTheLostGuestsKfdProcessExitsHoldingNothing(int answersBeforeLoss) {
        TrapCostProfile profile = TrapCostProfile.defaults();
        WorldSpec spec = new WorldSpec(Scenario.PER_RANGE, profile, WorkloadLoader.load("seed-opencl"), 42, 2, 3,
                WorldSpec.DEFAULT_HOST_RAM, 0);
        HostKernel kernel = HostKernel.create(() -> profile, new RandomStreams(42), MemoryPressure.NONE);
        long memory = spec.workload().guestMemoryBytes() - spec.workload().hugePagePoolBytes();
        List<GuestRamRegion> ram = new ArrayList<>(List.of(new GuestRamRegion(0, memory, false)));
        if (spec.workload().hugePagePoolBytes() > 0) ram.add(new GuestRamRegion(memory, spec.workload().hugePagePoolBytes(), true));
        Map<Integer, String> finished = new TreeMap<>();
        SimulationObserver observer = event -> {
            if (event instanceof SimulationEvent.GuestFinished f) finished.put(f.guest(), String.valueOf(f.error()));
        };
        List<GuestPort> ports = List.of(port(World.guestApp(spec, 0, spec::profile), Integer.MAX_VALUE), port(World.guestApp(spec, 1, spec::profile), answersBeforeLoss));
        List<Vmm> vmms = List.of(
                new Vmm(0, spec.scenario(), () -> profile, kernel::handle, observer, spec.hostRamBytes(), HostKernel.GPU_ID, ram),
                new Vmm(1, spec.scenario(), () -> profile, kernel::handle, observer, spec.hostRamBytes(), HostKernel.GPU_ID, ram));
        VirtualTimeScheduler scheduler = new VirtualTimeScheduler(spec.scenario(), () -> profile, kernel::handle, ports, vmms, observer);

        assertThat(scheduler.runUntil(Long.MAX_VALUE)).isTrue();

        assertThat(finished.get(0)).isEqualTo("null");
        assertThat(finished.get(1)).isEqualTo("its process at 10.0.0.2:5701 is lost: it left the cluster");
        for (int guest : List.of(0, 1)) {
            // both processes exited, each through the leak check (a BO left behind would have thrown)
            assertThat(catchThrowable(() -> kernel.kfd(guest))).hasMessageContaining("no KFD process " + guest);
        }
    }

    /** A direct port to {@code app} that answers {@code answers} times, then finds its guest gone. */
    private static GuestPort port(BenchmarkApp app, int answers) {
        return new GuestPort() {
            private int left = answers;

            @Override
            public GuestRequest start() {
                return answer(app::start);
            }

            @Override
            public GuestRequest complete(GuestCompletion completion) {
                return answer(() -> app.onCompletion(completion));
            }

            private GuestRequest answer(Supplier<GuestRequest> call) {
                if (left-- <= 0) throw new GuestLostException("10.0.0.2:5701", "it left the cluster");
                return call.get();
            }
        };
    }
}
