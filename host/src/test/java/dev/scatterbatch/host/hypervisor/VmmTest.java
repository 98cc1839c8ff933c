package dev.scatterbatch.host.hypervisor;

import dev.scatterbatch.host.HostKernel;
import dev.scatterbatch.host.pressure.MemoryPressure;
import dev.scatterbatch.model.cost.Component;
import dev.scatterbatch.model.cost.CostLedger;
import dev.scatterbatch.model.cost.Parameter;
import dev.scatterbatch.model.cost.SplitLocation;
import dev.scatterbatch.model.cost.TeardownMode;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.scenario.Scenario;
import dev.scatterbatch.model.sim.RandomStreams;
import dev.scatterbatch.model.uapi.Errno;
import dev.scatterbatch.model.wire.GpaRun;
import dev.scatterbatch.model.wire.GuestRamRegion;
import dev.scatterbatch.model.wire.UserptrOp;
import dev.scatterbatch.model.wire.UserptrRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Each VMM strategy's host ioctls for one guest buffer, the forwarded round trip, and rollback on failure. */
class VmmTest {

    private static final long GUEST_RAM = 1L << 30;
    private final Map<String, Integer> ioctls = new TreeMap<>();
    private final List<String> exits = new ArrayList<>();
    private final SimulationObserver observer = event -> {
        switch (event) {
            case SimulationEvent.HostIoctl i -> ioctls.merge(i.cmd() + (i.errno() == null ? "" : ":" + i.errno()), 1, Integer::sum);
            case SimulationEvent.ForwardedRequest f -> exits.add(f.reason().key());
            default -> { }
        }
    };
    private HostKernel kernel;
    private long seq;

    private Vmm vmm(Scenario scenario, TrapCostProfile profile) {
        kernel = HostKernel.create(() -> profile, new RandomStreams(1), MemoryPressure.NONE);
        Vmm vmm = new Vmm(0, scenario, () -> profile, kernel::handle, observer, 64L << 30, HostKernel.GPU_ID,
                List.of(new GuestRamRegion(0, GUEST_RAM, false)));
        vmm.boot();
        return vmm;
    }

    /** Three runs of two pages, one page apart in guest-physical memory. */
    private static List<GpaRun> runs(int n) {
        List<GpaRun> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(new GpaRun(0x10_0000L + i * 3 * 4096L, 2 * 4096L));
        return out;
    }

    private Vmm.Outcome send(Vmm vmm, UserptrOp op, List<GpaRun> runs, CostLedger cost) {
        long bytes = runs.stream().mapToLong(GpaRun::bytes).sum();
        return vmm.handle(new UserptrRequest(0, seq++, 0, 0, op, 1, UserptrRequest.WHOLE_BUFFER, 0, bytes,
                op == UserptrOp.REGISTER ? runs : List.of(), false), cost);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "bare-metal, 'ALLOC_MEMORY_OF_GPU=1, MAP_MEMORY_TO_GPU=1', 0",
            "per-range,  'ALLOC_MEMORY_OF_GPU=3, MAP_MEMORY_TO_GPU=3', 2",
            "batch,      'ALLOC_MEMORY_OF_GPU_BATCH=1, MAP_MEMORY_TO_GPU=1', 2",
            "batch-v4,   'ALLOC_MEMORY_OF_GPU=1, MAP_MEMORY_TO_GPU=1', 2",
            "mremap,     'ALLOC_MEMORY_OF_GPU=1, MAP_MEMORY_TO_GPU=1', 2"})
    void eachStrategyIssuesItsHostIoctlsForOneBuffer(String scenario, String expected, int forwarded) {
        Vmm vmm = vmm(Scenario.parse(scenario), TrapCostProfile.defaults());
        assertThat(send(vmm, UserptrOp.REGISTER, runs(3), new CostLedger()).result().ok()).isTrue();
        assertThat(send(vmm, UserptrOp.MAP, List.of(), new CostLedger()).result().ok()).isTrue();
        assertThat(ioctls.toString()).isEqualTo("{" + expected + "}");
        assertThat(exits).hasSize(forwarded);
        assertThat(kernel.kfd(0).state().bos()).hasSize(scenario.trim().equals("per-range") ? 3 : 1);
        assertThat(send(vmm, UserptrOp.UNMAP, List.of(), new CostLedger()).result().ok()).isTrue();
        assertThat(send(vmm, UserptrOp.FREE, List.of(), new CostLedger()).result().ok()).isTrue();
        assertThat(kernel.kfd(0).state().bos()).isEmpty();
        assertThat(kernel.kfd(0).state().systemMemUsed()).isZero();
    }

    @Test
    void aForwardedRequestCostsTheGuestSyscallAndTheRoundTrip() {
        Vmm vmm = vmm(Scenario.BATCH, TrapCostProfile.defaults());
        CostLedger cost = new CostLedger();
        send(vmm, UserptrOp.REGISTER, runs(3), cost);
        assertThat(cost.get(Component.GUEST_SYSCALL)).isEqualTo(250);
        assertThat(cost.get(Component.TRANSPORT)).isEqualTo(20_000);
        assertThat(cost.get(Component.HOST_IOCTL)).isEqualTo(250);
        assertThat(cost.get(Component.PER_RANGE)).isEqualTo(3 * 500);
        assertThat(cost.get(Component.PER_PAGE)).isEqualTo(6 * 100);
        assertThat(exits).containsExactly("ioeventfd-kick");
    }

    @Test
    void deferredTeardownCostsTheGuestNothingButStillFreesOnTheHost() {
        Vmm vmm = vmm(Scenario.BATCH, TrapCostProfile.defaults().with(Parameter.TEARDOWN, TeardownMode.DEFERRED));
        send(vmm, UserptrOp.REGISTER, runs(3), new CostLedger());
        CostLedger cost = new CostLedger();
        Vmm.Outcome free = send(vmm, UserptrOp.FREE, List.of(), cost);
        assertThat(free.result().ok()).isTrue();
        assertThat(cost.totalNs()).isZero();
        assertThat(kernel.kfd(0).state().bos()).isEmpty();
    }

    @Test
    void withTheSplitInTheGuestEachPartIsFreedByItsOwnRequestInAnyOrder() {
        Vmm vmm = vmm(Scenario.PER_RANGE, TrapCostProfile.defaults().with(Parameter.SPLIT_LOCATION, SplitLocation.GUEST));
        List<GpaRun> runs = runs(3);
        long total = runs.stream().mapToLong(GpaRun::bytes).sum();
        for (int part = 0; part < 3; part++) {
            CostLedger cost = new CostLedger();
            assertThat(vmm.handle(partRequest(UserptrOp.REGISTER, part, part * runs.get(0).bytes(), total, List.of(runs.get(part))), cost).result().ok()).isTrue();
            assertThat(vmm.handle(partRequest(UserptrOp.MAP, part, 0, total, List.of()), new CostLedger()).result().ok()).isTrue();
        }
        assertThat(kernel.kfd(0).state().bos()).hasSize(3);
        for (int part : new int[]{1, 0, 2}) {
            vmm.handle(partRequest(UserptrOp.UNMAP, part, 0, total, List.of()), new CostLedger());
            assertThat(vmm.handle(partRequest(UserptrOp.FREE, part, 0, total, List.of()), new CostLedger()).result().ok()).isTrue();
        }
        assertThat(kernel.kfd(0).state().bos()).isEmpty();
        assertThat(ioctls).containsEntry("FREE_MEMORY_OF_GPU", 3).doesNotContainKey("FREE_MEMORY_OF_GPU:EINVAL");
    }

    private UserptrRequest partRequest(UserptrOp op, int part, long offset, long total, List<GpaRun> runs) {
        return new UserptrRequest(0, seq++, 0, 0, op, 1, part, offset, total, runs, false);
    }

    @Test
    void aPerRangeRegistrationThatFailsPartWayFreesWhatItAllocated() {
        Vmm vmm = vmm(Scenario.PER_RANGE, TrapCostProfile.defaults());
        List<GpaRun> runs = new ArrayList<>(runs(2));
        runs.add(new GpaRun(GUEST_RAM + 0x1000_0000L, 8192));   // beyond guest RAM: not mapped in the VMM
        Vmm.Outcome out = send(vmm, UserptrOp.REGISTER, runs, new CostLedger());
        assertThat(out.result()).isInstanceOfSatisfying(VmmResult.Failed.class, f -> {
            assertThat(f.errno()).isEqualTo(Errno.EFAULT);
            assertThat(f.message()).contains("EFAULT");
        });
        assertThat(ioctls).containsEntry("ALLOC_MEMORY_OF_GPU", 2).containsEntry("ALLOC_MEMORY_OF_GPU:EFAULT", 1)
                .containsEntry("FREE_MEMORY_OF_GPU", 2);
        assertThat(kernel.kfd(0).state().bos()).isEmpty();
        assertThat(kernel.kfd(0).state().notifiers()).isZero();
        assertThat(kernel.kfd(0).state().systemMemUsed()).isZero();
    }

    @Test
    void mremapPastMaxMapCountFailsWithEnomemAndUndoesTheStitching() {
        Vmm vmm = vmm(Scenario.MREMAP, TrapCostProfile.defaults().with(Parameter.MAX_MAP_COUNT, 12L));
        int before = kernel.kfd(0).mm().mapCount();
        Vmm.Outcome out = send(vmm, UserptrOp.REGISTER, runs(20), new CostLedger());
        assertThat(out.result()).isInstanceOfSatisfying(VmmResult.Failed.class, f -> {
            assertThat(f.errno()).isEqualTo(Errno.ENOMEM);
            assertThat(f.message()).isEqualTo("mremap answered ENOMEM (ENOMEM) after stitching 12 pages (vm.max_map_count 12)");
        });
        assertThat(kernel.kfd(0).mm().mapCount()).isEqualTo(before);
        assertThat(kernel.kfd(0).state().bos()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"per-range", "batch", "mremap"})
    void aLostGuestsVmmFreesEveryBoAndNotifierBeforeItsProcessExits(String scenario) {
        Vmm vmm = vmm(Scenario.parse(scenario), TrapCostProfile.defaults());
        assertThat(send(vmm, UserptrOp.REGISTER, runs(3), new CostLedger()).result().ok()).isTrue();
        assertThat(send(vmm, UserptrOp.MAP, List.of(), new CostLedger()).result().ok()).isTrue();
        assertThat(kernel.kfd(0).state().bos()).isNotEmpty();
        assertThat(kernel.kfd(0).mm().notifierCount()).isPositive();
        var process = kernel.kfd(0);

        vmm.abandon(1_000_000);  // the exit's leak check throws if a BO is left

        assertThat(process.state().bos()).isEmpty();
        assertThat(process.mm().notifierCount()).isZero();
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> kernel.kfd(0))).hasMessageContaining("no KFD process 0");
    }
}
