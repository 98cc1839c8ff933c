package dev.scatterbatch.host;

import dev.scatterbatch.host.mm.MmuNotifierEvent;
import dev.scatterbatch.host.pressure.MemoryPressure;
import dev.scatterbatch.model.cost.Component;
import dev.scatterbatch.model.cost.CostLedger;
import dev.scatterbatch.model.cost.Parameter;
import dev.scatterbatch.model.cost.PtUpdatePath;
import dev.scatterbatch.model.cost.RestoreGranularity;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.sim.RandomStreams;
import dev.scatterbatch.model.uapi.AllocFlags;
import dev.scatterbatch.model.wire.HostCommand;
import dev.scatterbatch.model.wire.HostEvent;
import dev.scatterbatch.model.wire.HostIoctl;
import dev.scatterbatch.model.wire.HostIoctl.CpuRange;
import dev.scatterbatch.model.wire.HostReply;
import dev.scatterbatch.model.wire.RestoreOutcome;
import dev.scatterbatch.model.wire.RestoreResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The eviction stall a compute job suffers, against a hand computation from the default costs of the kernel's
 * restore ({@code amdgpu_amdkfd_restore_userptr_worker}): queueQuiesce + one jiffy at kernelHz + per restored BO
 * (revalidatePerBo + mapPerPage for every page of the BO) + per re-faulted range (hmmRangePerRange, an mmapLockCycle
 * except under v4's single hold, faultPerPage per page) + one TLB flush and fence wait per run + queueResume; and
 * the locks and notifier sequences around a run.
 */
class HostKernelEvictionTest {

    private static final long BASE = 0x7f00_0000_0000L;
    private static final long RANGE = 8 * 4096;        // 8 pages
    private static final long STRIDE = 16 * 4096;      // ranges 8 pages apart
    private static final long COMPUTE = 10_000_000;    // 10 ms of GPU work
    private static final long INVALIDATE_AT = 2_000_000;

    private final List<HostEvent> events = new ArrayList<>();

    private HostKernel kernel(RestoreGranularity granularity) {
        return kernel(TrapCostProfile.defaults().with(Parameter.RESTORE_GRANULARITY, granularity));
    }

    private HostKernel kernel(TrapCostProfile p) {
        HostKernel k = HostKernel.create(() -> p, new RandomStreams(1), MemoryPressure.NONE);
        call(k, new HostCommand.CreateProcess(0, 0, 64L << 30, List.of(HostKernel.GPU_ID), BASE, 1L << 30));
        call(k, new HostCommand.Mmap(0, 0, BASE, 1L << 30, false));
        return k;
    }

    private HostReply call(HostKernel k, HostCommand c) {
        return call(k, c, new CostLedger());
    }

    private HostReply call(HostKernel k, HostCommand c, CostLedger cost) {
        HostReply r = k.handle(c, cost);
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

    /** The stall of one restore run over {@code bosRestored} BOs of {@code boPages} pages in all, ranges of 8 pages. */
    private static long expectedStall(TrapCostProfile d, int bosRestored, long boPages, int rangesRefaulted, int lockCycles) {
        return d.queueQuiesceNs() + d.restoreDelayNs()
                + bosRestored * d.revalidatePerBoNs() + boPages * d.mapPerPageNs()
                + d.rangeWorkNs(rangesRefaulted, 0, lockCycles) + rangesRefaulted * 8 * d.faultPerPageNs()
                + d.tlbFlushPerMapNs() + d.queueResumeNs();
    }

    private static long expectedStall(int bosRestored, long boPages, int rangesRefaulted) {
        return expectedStall(TrapCostProfile.defaults(), bosRestored, boPages, rangesRefaulted, rangesRefaulted);
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
        // 100 + 4000 (one jiffy at 250 Hz) + 10 + 32 x 0.3 (the whole BO is mapped again) + 0.15 + 0.1 + 8 x 0.1 + 3
        assertThat(stallAfterOneInvalidation(k, List.of(h), BASE + 2 * STRIDE)).isEqualTo(expectedStall(1, 32, 1)).isEqualTo(4_123_650);
    }

    @Test
    void wholeBoRestoreOfABatchReFaultsEveryRange() {
        HostKernel k = kernel(RestoreGranularity.WHOLE_BO);
        long h = batch(k, 4);
        assertThat(stallAfterOneInvalidation(k, List.of(h), BASE + 2 * STRIDE)).isEqualTo(expectedStall(1, 32, 4));
    }

    @Test
    void aV4RestoreFaultsItsRangesUnderOneMmapLockHold() {
        HostKernel k = kernel(RestoreGranularity.WHOLE_BO);
        HostReply r = call(k, new HostIoctl.AllocUserptrBatchFlag(0, 0, HostKernel.GPU_ID, 0x1_0000_0000L, ranges(4),
                AllocFlags.LIBHSAKMT_USERPTR | AllocFlags.USERPTR_BATCH));
        assertThat(stallAfterOneInvalidation(k, List.of(r.handle()), BASE)).isEqualTo(expectedStall(TrapCostProfile.defaults(), 1, 32, 4, 1));
    }

    @Test
    void theRestoreDelayIsOneJiffyOfTheHostKernel() {
        TrapCostProfile hz1000 = TrapCostProfile.defaults().with(Parameter.KERNEL_HZ, 1000L);
        HostKernel k = kernel(hz1000);
        long h = batch(k, 4);
        assertThat(hz1000.restoreDelayNs()).isEqualTo(1_000_000);
        // by default a v2 batch re-faults all its ranges: the BO's page array was dropped whole
        assertThat(stallAfterOneInvalidation(k, List.of(h), BASE)).isEqualTo(expectedStall(hz1000, 1, 32, 4, 4));
    }

    @Test
    void byDefaultAV4RestoreReFaultsOnlyTheRangesThatWereHit() {
        HostKernel k = kernel(TrapCostProfile.defaults());
        HostReply r = call(k, new HostIoctl.AllocUserptrBatchFlag(0, 0, HostKernel.GPU_ID, 0x1_0000_0000L, ranges(4),
                AllocFlags.LIBHSAKMT_USERPTR | AllocFlags.USERPTR_BATCH));
        assertThat(stallAfterOneInvalidation(k, List.of(r.handle()), BASE)).isEqualTo(expectedStall(TrapCostProfile.defaults(), 1, 32, 1, 1));
    }

    @Test
    void bosInvalidatedTogetherShareOneRunAndOneFenceWait() {
        HostKernel k = kernel(RestoreGranularity.PER_RANGE);
        long a = batch(k, 2);
        HostReply b = call(k, new HostIoctl.AllocUserptrBatch(0, 0, HostKernel.GPU_ID, 0x2_0000_0000L,
                List.of(new CpuRange(BASE + 8 * STRIDE, RANGE)), AllocFlags.LIBHSAKMT_USERPTR));
        for (long h : List.of(a, b.handle())) call(k, new HostIoctl.MapToGpu(0, 0, h, List.of(HostKernel.GPU_ID)));
        call(k, new HostCommand.SubmitCompute(0, 0, 1, COMPUTE));
        call(k, new HostCommand.AdvanceHost(INVALIDATE_AT));
        k.kfd(0).mm().invalidate(BASE, BASE + 4096, true, MmuNotifierEvent.CLEAR);
        k.kfd(0).mm().invalidate(BASE + 8 * STRIDE, BASE + 8 * STRIDE + 4096, true, MmuNotifierEvent.CLEAR);
        call(k, new HostCommand.AdvanceHost(1_000_000_000));
        assertThat(events).filteredOn(e -> e instanceof HostEvent.RestoreFinished).hasSize(1);
        assertThat(events).filteredOn(e -> e instanceof HostEvent.ComputeDone).singleElement()
                .satisfies(e -> assertThat(((HostEvent.ComputeDone) e).stallNs()).isEqualTo(expectedStall(2, 24, 2)));
    }

    @Test
    void anAllocWaitsForTheRestoreRunHoldingTheProcessInfoLock() {
        HostKernel k = kernel(RestoreGranularity.WHOLE_BO);
        long h = batch(k, 4);
        call(k, new HostIoctl.MapToGpu(0, 0, h, List.of(HostKernel.GPU_ID)));
        call(k, new HostCommand.AdvanceHost(INVALIDATE_AT));
        k.kfd(0).mm().invalidate(BASE, BASE + 4096, true, MmuNotifierEvent.CLEAR);
        TrapCostProfile d = TrapCostProfile.defaults();
        long runStart = INVALIDATE_AT + d.queueQuiesceNs() + d.restoreDelayNs();
        long runEnd = INVALIDATE_AT + expectedStall(1, 32, 4) - d.queueResumeNs();
        call(k, new HostCommand.AdvanceHost(runStart));
        // an ALLOC one microsecond into the run sleeps on process_info->lock until the run ends
        CostLedger cost = new CostLedger();
        HostReply alloc = call(k, new HostIoctl.AllocUserptr(0, runStart + 1_000, HostKernel.GPU_ID, 0x3_0000_0000L, RANGE,
                BASE + 20 * STRIDE, AllocFlags.LIBHSAKMT_USERPTR), cost);
        assertThat(alloc.ok()).isTrue();
        assertThat(cost.get(Component.LOCK_WAIT)).isEqualTo(runEnd - (runStart + 1_000 + d.hostIoctlNs()));
    }

    @Test
    void twoProcessesMappingAtOnceQueueOnTheDevicesKiqAndWithSdmaOnItsPageTableRings() {
        for (PtUpdatePath path : PtUpdatePath.values()) {
            TrapCostProfile p = TrapCostProfile.defaults().with(Parameter.PT_UPDATE_PATH, path);
            HostKernel k = kernel(p);
            call(k, new HostCommand.CreateProcess(1, 0, 64L << 30, List.of(HostKernel.GPU_ID), BASE, 1L << 30));
            call(k, new HostCommand.Mmap(1, 0, BASE, 1L << 30, false));
            long[] handles = new long[2];
            for (int proc = 0; proc < 2; proc++) {
                handles[proc] = call(k, new HostIoctl.AllocUserptr(proc, 0, HostKernel.GPU_ID, 0x1_0000_0000L, 1000 * 4096L, BASE,
                        AllocFlags.LIBHSAKMT_USERPTR)).handle();
            }
            CostLedger first = new CostLedger();
            CostLedger second = new CostLedger();
            assertThat(call(k, new HostIoctl.MapToGpu(0, 1_000_000, handles[0], List.of(HostKernel.GPU_ID)), first).ok()).isTrue();
            assertThat(call(k, new HostIoctl.MapToGpu(1, 1_000_000, handles[1], List.of(HostKernel.GPU_ID)), second).ok()).isTrue();
            long ptes = 1000 * p.mapPerPageNs();
            assertThat(first.get(Component.DEVICE_QUEUE_WAIT)).isZero();
            // the second waits for the first's PTE job on the shared SDMA rings, or (CPU path) only for its TLB flush
            assertThat(second.get(Component.DEVICE_QUEUE_WAIT)).as(path.key())
                    .isEqualTo(path == PtUpdatePath.SDMA ? ptes : p.tlbFlushPerMapNs());
            assertThat(second.get(Component.LOCK_WAIT)).isZero();
        }
    }

    @Test
    void aGapHitInAV4SpanDuringARestoreRunLeavesTheQueuesEvictedAndTheRerunRestoresThem() {
        HostKernel k = kernel(RestoreGranularity.PER_RANGE);
        HostReply r = call(k, new HostIoctl.AllocUserptrBatchFlag(0, 0, HostKernel.GPU_ID, 0x1_0000_0000L, ranges(4),
                AllocFlags.LIBHSAKMT_USERPTR | AllocFlags.USERPTR_BATCH));
        call(k, new HostIoctl.MapToGpu(0, 0, r.handle(), List.of(HostKernel.GPU_ID)));
        call(k, new HostCommand.AdvanceHost(INVALIDATE_AT));
        k.kfd(0).mm().invalidate(BASE, BASE + 4096, true, MmuNotifierEvent.CLEAR);
        TrapCostProfile d = TrapCostProfile.defaults();
        long runStart = INVALIDATE_AT + d.queueQuiesceNs() + d.restoreDelayNs();
        long runEnd = INVALIDATE_AT + expectedStall(d, 1, 32, 1, 1) - d.queueResumeNs();
        call(k, new HostCommand.AdvanceHost(runStart + 1_000));
        // an event in the gap after range 0: no range is hit, but v4 has moved the span notifier's sequence
        k.kfd(0).mm().invalidate(BASE + RANGE, BASE + RANGE + 4096, true, MmuNotifierEvent.CLEAR);
        assertThat(k.kfd(0).state().bos().getFirst().invalid()).isZero();
        call(k, new HostCommand.AdvanceHost(runEnd));
        assertThat(events).filteredOn(e -> e instanceof HostEvent.RestoreFinished).singleElement()
                .satisfies(e -> assertThat(((HostEvent.RestoreFinished) e).result()).isEqualTo(RestoreResult.STALE));
        assertThat(k.kfd(0).state().queuesActive()).isFalse();
        call(k, new HostCommand.AdvanceHost(1_000_000_000));
        assertThat(events).filteredOn(e -> e instanceof HostEvent.RestoreFinished)
                .extracting(e -> ((HostEvent.RestoreFinished) e).result()).containsExactly(RestoreResult.STALE, RestoreResult.SUCCESS);
        assertThat(k.kfd(0).state().queuesActive()).isTrue();
        assertThat(k.kfd(0).restores(RestoreOutcome.STALE)).isEqualTo(1);
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
        assertThat(stallAfterOneInvalidation(k, handles, BASE + STRIDE)).isEqualTo(expectedStall(1, 8, 1));
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
    void oneEventOverManyRangesIsReportedOnceWithTheCountOfItsEvictions() {
        HostKernel k = kernel(RestoreGranularity.PER_RANGE);
        long h = batch(k, 4);
        assertThat(call(k, new HostIoctl.MapToGpu(0, 0, h, List.of(HostKernel.GPU_ID))).ok()).isTrue();
        long before = k.kfd(0).invalidationEvents();
        // one event over all four ranges: each range's notifier increments evicted_bos
        k.kfd(0).mm().invalidate(BASE, BASE + 4 * STRIDE, true, MmuNotifierEvent.CLEAR);
        call(k, new HostCommand.AdvanceHost(INVALIDATE_AT));
        assertThat(k.kfd(0).invalidationEvents() - before).isEqualTo(4);
        assertThat(events).filteredOn(e -> e instanceof HostEvent.UserptrEvicted).singleElement()
                .satisfies(e -> assertThat(((HostEvent.UserptrEvicted) e).count()).isEqualTo(4));
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
                .singleElement().satisfies(e -> assertThat(((HostEvent.RestoreFinished) e).result()).isEqualTo(RestoreResult.SUCCESS));
    }
}
