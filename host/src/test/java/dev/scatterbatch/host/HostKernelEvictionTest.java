package dev.scatterbatch.host;

import dev.scatterbatch.host.mm.MmuNotifierEvent;
import dev.scatterbatch.host.pressure.MemoryPressure;
import dev.scatterbatch.model.cost.Parameter;
import dev.scatterbatch.model.cost.RestoreGranularity;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.sim.RandomStreams;
import dev.scatterbatch.model.uapi.AllocFlags;
import dev.scatterbatch.model.wire.HostCommand;
import dev.scatterbatch.model.wire.HostEvent;
import dev.scatterbatch.model.wire.HostIoctl;
import dev.scatterbatch.model.wire.HostIoctl.CpuRange;
import dev.scatterbatch.model.wire.HostReply;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The eviction stall a compute job suffers, against a hand computation from the default costs (docs/model.md §10):
 * queueQuiesce + userptrRestoreDelay + per restored BO (revalidatePerBo + gpuMapPerCall + re-faulted ranges x
 * perRange + re-faulted pages x perPage) + queueResume.
 */
class HostKernelEvictionTest {

    private static final long BASE = 0x7f00_0000_0000L;
    private static final long RANGE = 8 * 4096;        // 8 pages
    private static final long STRIDE = 16 * 4096;      // ranges 8 pages apart
    private static final long COMPUTE = 10_000_000;    // 10 ms of GPU work
    private static final long INVALIDATE_AT = 2_000_000;

    private final List<HostEvent> events = new ArrayList<>();

    private HostKernel kernel(RestoreGranularity granularity) {
        TrapCostProfile p = TrapCostProfile.defaults().with(Parameter.RESTORE_GRANULARITY, granularity);
        HostKernel k = HostKernel.create(() -> p, new RandomStreams(1), MemoryPressure.NONE);
        call(k, new HostCommand.CreateProcess(0, 0, 64L << 30, List.of(HostKernel.GPU_ID), BASE, 1L << 30));
        call(k, new HostCommand.Mmap(0, 0, BASE, 1L << 30, false));
        return k;
    }

    private HostReply call(HostKernel k, HostCommand c) {
        HostReply r = k.handle(c);
        events.addAll(r.events());
        return r;
    }

    private List<CpuRange> ranges(int n) {
        List<CpuRange> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(new CpuRange(BASE + i * STRIDE, RANGE));
        return out;
    }

    /** Maps {@code handle}, runs the compute, invalidates one page of range {@code hit} at 2 ms, returns the job's stall. */
    private long stallAfterOneInvalidation(HostKernel k, List<Long> handles, long hitAddress) {
        for (long h : handles) assertThat(call(k, new HostIoctl.MapToGpu(0, 0, h, List.of(HostKernel.GPU_ID))).ok()).isTrue();
        call(k, new HostCommand.SubmitCompute(0, 0, 1, COMPUTE));
        call(k, new HostCommand.AdvanceHost(INVALIDATE_AT));
        k.kfd(0).mm().invalidate(hitAddress, hitAddress + 4096, true, MmuNotifierEvent.CLEAR);
        call(k, new HostCommand.AdvanceHost(1_000_000_000));
        HostEvent.ComputeDone done = events.stream().filter(e -> e instanceof HostEvent.ComputeDone)
                .map(e -> (HostEvent.ComputeDone) e).findFirst().orElseThrow();
        assertThat(done.atNs()).isEqualTo(COMPUTE + done.stallNs());
        assertThat(done.runNs()).isEqualTo(COMPUTE);
        return done.stallNs();
    }

    private static long expectedStall(int bosRestored, int rangesRefaulted) {
        TrapCostProfile d = TrapCostProfile.defaults();
        return d.queueQuiesceNs() + d.userptrRestoreDelayNs()
                + bosRestored * (d.revalidatePerBoNs() + d.gpuMapPerCallNs())
                + rangesRefaulted * (d.perRangeNs() + 8 * d.perPageNs()) + d.queueResumeNs();
    }

    private long batch(HostKernel k, int ranges) {
        HostReply r = call(k, new HostIoctl.AllocUserptrBatch(0, 0, HostKernel.GPU_ID, 0x1_0000_0000L, ranges(ranges), AllocFlags.LIBHSAKMT_USERPTR));
        assertThat(r.ok()).as(r.errno()).isTrue();
        return r.handle();
    }

    @Test
    void perRangeRestoreOfABatchStallsTheGpuForOneRangesReFault() {
        HostKernel k = kernel(RestoreGranularity.PER_RANGE);
        long h = batch(k, 4);
        // 100 + 1000 + 10 + 15 + (0.5 + 8 x 0.4) = 1128.7 us
        assertThat(stallAfterOneInvalidation(k, List.of(h), BASE + 2 * STRIDE)).isEqualTo(expectedStall(1, 1)).isEqualTo(1_128_700);
    }

    @Test
    void wholeBoRestoreOfABatchReFaultsEveryRange() {
        HostKernel k = kernel(RestoreGranularity.WHOLE_BO);
        long h = batch(k, 4);
        assertThat(stallAfterOneInvalidation(k, List.of(h), BASE + 2 * STRIDE)).isEqualTo(expectedStall(1, 4));
    }

    @Test
    void perRangeBosOnlyTheBoThatWasHitIsRestored() {
        HostKernel k = kernel(RestoreGranularity.WHOLE_BO);
        List<Long> handles = new ArrayList<>();
        for (CpuRange r : ranges(3)) {
            HostReply reply = call(k, new HostIoctl.AllocUserptr(0, 0, HostKernel.GPU_ID, 0x1_0000_0000L + (r.start() - BASE),
                    r.size(), r.start(), AllocFlags.LIBHSAKMT_USERPTR));
            assertThat(reply.ok()).isTrue();
            handles.add(reply.handle());
        }
        assertThat(stallAfterOneInvalidation(k, handles, BASE + STRIDE)).isEqualTo(expectedStall(1, 1));
    }

    @Test
    void anInvalidationInAGapOfAV4BatchCostsNoStall() {
        HostKernel k = kernel(RestoreGranularity.PER_RANGE);
        HostReply r = call(k, new HostIoctl.AllocUserptrBatchFlag(0, 0, HostKernel.GPU_ID, 0x1_0000_0000L, ranges(4),
                AllocFlags.LIBHSAKMT_USERPTR | AllocFlags.USERPTR_BATCH));
        assertThat(r.ok()).isTrue();
        // the span notifier covers the gap after range 0, but no range does: no eviction
        assertThat(stallAfterOneInvalidation(k, List.of(r.handle()), BASE + RANGE)).isZero();
        assertThat(events).noneMatch(e -> e instanceof HostEvent.UserptrEvicted);
    }

    @Test
    void anEvictionIsReportedAndTheQueuesResumeAfterTheStall() {
        HostKernel k = kernel(RestoreGranularity.PER_RANGE);
        long h = batch(k, 4);
        long stall = stallAfterOneInvalidation(k, List.of(h), BASE);
        assertThat(events).filteredOn(e -> e instanceof HostEvent.UserptrEvicted).hasSize(1);
        assertThat(events).filteredOn(e -> e instanceof HostEvent.QueuesResumed)
                .singleElement().satisfies(e -> {
                    HostEvent.QueuesResumed q = (HostEvent.QueuesResumed) e;
                    assertThat(q.stallNs()).isEqualTo(stall);
                    assertThat(q.atNs()).isEqualTo(INVALIDATE_AT + stall);
                });
        assertThat(events).filteredOn(e -> e instanceof HostEvent.RestoreFinished)
                .singleElement().satisfies(e -> assertThat(((HostEvent.RestoreFinished) e).result()).isEqualTo("success"));
    }
}
