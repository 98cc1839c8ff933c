package dev.scatterbatch.host.kfd;

import dev.scatterbatch.host.mm.PageSize;
import dev.scatterbatch.model.cost.Component;
import dev.scatterbatch.model.cost.CostLedger;
import dev.scatterbatch.model.cost.Parameter;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.sim.EventQueue;
import dev.scatterbatch.model.uapi.AllocFlags;
import dev.scatterbatch.model.uapi.AllocMemoryOfGpuArgs;
import dev.scatterbatch.model.uapi.AllocMemoryOfGpuBatchArgs;
import dev.scatterbatch.model.uapi.AvailableMemoryArgs;
import dev.scatterbatch.model.uapi.Errno;
import dev.scatterbatch.model.uapi.FreeMemoryOfGpuArgs;
import dev.scatterbatch.model.uapi.GetVersionArgs;
import dev.scatterbatch.model.uapi.IoctlCommand;
import dev.scatterbatch.model.uapi.IoctlResult;
import dev.scatterbatch.model.uapi.MapMemoryToGpuArgs;
import dev.scatterbatch.model.uapi.SparseUserMemory;
import dev.scatterbatch.model.uapi.UserMemory;
import dev.scatterbatch.model.uapi.UserptrRange;
import dev.scatterbatch.model.uapi.UserptrRangesData;
import dev.scatterbatch.model.wire.RestoreOutcome;
import dev.scatterbatch.model.wire.RestoreResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The KFD process through its Java API: costs, timing of eviction and restore, accounting and page tables. */
class KfdProcessTest {

    private static final long MIB = 1L << 20;
    private static final long CPU = 0x10000000L;
    private static final long GPU_VA = 0x200000000L;
    private static final long RANGES_PTR = 0x7ff000000000L;
    private static final long DEVICES_PTR = 0x7ff010000000L;

    private final EventQueue clock = new EventQueue();
    private final AtomicReference<TrapCostProfile> profile = new AtomicReference<>(TrapCostProfile.defaults());
    private final KfdProcess kfd = new KfdProcess(KfdEnvironment.defaults(), clock, profile::get);
    private final List<String> queueEvents = new ArrayList<>();
    private final List<RestoreResult> restoreResults = new ArrayList<>();

    KfdProcessTest() {
        kfd.mm().mmap(CPU, 64 * MIB, PageSize.SMALL);
        kfd.addQueueListener(new QueueEvictionListener() {
            @Override
            public void onQueuesEvicted(long timeNs) {
                queueEvents.add("evicted@" + timeNs);
            }

            @Override
            public void onQueuesResumed(long timeNs) {
                queueEvents.add("resumed@" + timeNs);
            }

            @Override
            public void onRestoreFinished(RestoreResult result, long startNs, long endNs) {
                queueEvents.add(result.outcome().key() + "@" + startNs + ".." + endNs);
                restoreResults.add(result);
            }
        });
    }

    private long userptr(long cpu, long size, CostLedger ledger) {
        var r = kfd.allocMemoryOfGpu(AllocMemoryOfGpuArgs.request(1, GPU_VA, size, cpu, AllocFlags.LIBHSAKMT_USERPTR),
                UserMemory.none(), ledger);
        assertThat(r.ret()).isZero();
        return r.args().handle();
    }

    private IoctlResult<AllocMemoryOfGpuBatchArgs> batch(long va, List<UserptrRange> ranges, CostLedger ledger) {
        long total = ranges.stream().mapToLong(UserptrRange::size).sum();
        return kfd.allocMemoryOfGpuBatch(AllocMemoryOfGpuBatchArgs.request(1, va, total, RANGES_PTR, ranges.size(),
                AllocFlags.LIBHSAKMT_USERPTR), new SparseUserMemory().placeRanges(RANGES_PTR, ranges), ledger);
    }

    private IoctlResult<MapMemoryToGpuArgs> map(long handle, CostLedger ledger) {
        return kfd.mapMemoryToGpu(new MapMemoryToGpuArgs(handle, DEVICES_PTR, 1, 0),
                new SparseUserMemory().placeU32s(DEVICES_PTR, new int[]{1}), ledger);
    }

    @Test
    void theHostsFieldCallsAnswerAsTheStructCallsDoAndTheStructsGetWhatKfdWritesBack() {
        int gpu = 2;
        KfdProcess viaStructs = new KfdProcess(KfdEnvironment.of(KfdEnvironment.DEFAULT_HOST_RAM, List.of(1, gpu), false),
                new EventQueue(), profile::get);
        KfdProcess viaFields = new KfdProcess(KfdEnvironment.of(KfdEnvironment.DEFAULT_HOST_RAM, List.of(1, gpu), false),
                new EventQueue(), profile::get);
        viaStructs.mm().mmap(CPU, MIB, PageSize.SMALL);
        viaFields.mm().mmap(CPU, MIB, PageSize.SMALL);
        CostLedger structs = new CostLedger();
        CostLedger fields = new CostLedger();

        var alloc = viaStructs.allocMemoryOfGpu(AllocMemoryOfGpuArgs.request(gpu, GPU_VA, MIB, CPU, AllocFlags.LIBHSAKMT_USERPTR),
                UserMemory.none(), structs);
        long handle = viaFields.allocMemoryOfGpu(gpu, GPU_VA, MIB, CPU, AllocFlags.LIBHSAKMT_USERPTR, UserMemory.none(), fields);
        assertThat(alloc.ret()).isZero();
        assertThat(handle).isPositive().isEqualTo(alloc.args().handle());
        assertThat(viaFields.allocMemoryOfGpu(gpu, GPU_VA, 0, CPU, AllocFlags.LIBHSAKMT_USERPTR, UserMemory.none(), fields))
                .isEqualTo(Errno.EINVAL.ret());
        assertThat(viaStructs.allocMemoryOfGpu(AllocMemoryOfGpuArgs.request(gpu, GPU_VA, 0, CPU, AllocFlags.LIBHSAKMT_USERPTR),
                UserMemory.none(), structs).ret()).isEqualTo(Errno.EINVAL.ret());

        // the second id names no device: the first is mapped, n_success says so
        var ids = new SparseUserMemory().placeU32s(DEVICES_PTR, new int[]{gpu, 7});
        var map = viaStructs.mapMemoryToGpu(new MapMemoryToGpuArgs(handle, DEVICES_PTR, 2, 0), ids, structs);
        assertThat(map.ret()).isEqualTo(Errno.EINVAL.ret());
        assertThat(map.args()).isEqualTo(new MapMemoryToGpuArgs(handle, DEVICES_PTR, 2, 1));
        assertThat(viaFields.mapMemoryToGpu(handle, DEVICES_PTR, 2, ids, fields)).isEqualTo(Errno.EINVAL.ret());

        // ids past the user's buffer: -EFAULT, the args as given
        var unmapped = new MapMemoryToGpuArgs(handle, DEVICES_PTR + 4, 2, 0);
        var fault = viaStructs.unmapMemoryFromGpu(unmapped, ids, structs);
        assertThat(fault.ret()).isEqualTo(Errno.EFAULT.ret());
        assertThat(fault.args()).isEqualTo(unmapped);
        assertThat(viaFields.unmapMemoryFromGpu(handle, DEVICES_PTR + 4, 2, ids, fields)).isEqualTo(Errno.EFAULT.ret());

        var unmap = viaStructs.unmapMemoryFromGpu(new MapMemoryToGpuArgs(handle, DEVICES_PTR, 1, 0), ids, structs);
        assertThat(unmap.ret()).isZero();
        assertThat(unmap.args().nSuccess()).isEqualTo(1);
        assertThat(viaFields.unmapMemoryFromGpu(handle, DEVICES_PTR, 1, ids, fields)).isZero();
        assertThat(viaStructs.freeMemoryOfGpu(new FreeMemoryOfGpuArgs(handle), structs).ret()).isZero();
        assertThat(viaFields.freeMemoryOfGpu(handle, fields)).isZero();
        assertThat(viaFields.freeMemoryOfGpu(handle, fields)).isEqualTo(Errno.EINVAL.ret());
        assertThat(viaStructs.freeMemoryOfGpu(new FreeMemoryOfGpuArgs(handle), structs).ret()).isEqualTo(Errno.EINVAL.ret());

        assertThat(fields.totalNs()).isEqualTo(structs.totalNs()).isPositive();
        assertThat(viaFields.state().bos()).isEmpty();
    }

    @Test
    void aUserptrAllocChargesEntryFixedOneRangeAndItsPages() {
        CostLedger ledger = new CostLedger();
        userptr(CPU, 10 * 4096, ledger);
        assertThat(ledger.get(Component.HOST_IOCTL)).isEqualTo(250);
        assertThat(ledger.get(Component.KFD_FIXED)).isEqualTo(14_000);
        // one notifier insert, one hmm_range, one mmap_lock cycle; ten pages faulted (mapped at MAP)
        assertThat(ledger.get(Component.PER_RANGE)).isEqualTo(250 + 150 + 100);
        assertThat(ledger.get(Component.PER_PAGE)).isEqualTo(10 * 100);
    }

    @Test
    void pagesBackedByHugePagesCostTheHugePageFactor() {
        kfd.mm().mmap(0x40000000L, 4 * MIB, PageSize.HUGE);
        CostLedger ledger = new CostLedger();
        userptr(0x40000000L, 4 * MIB, ledger);
        assertThat(ledger.get(Component.PER_PAGE)).isEqualTo(Math.round(1024 * 100 * 0.75));
    }

    @Test
    void aV2BatchPaysANotifierAndAnMmapLockCyclePerRange() {
        CostLedger ledger = new CostLedger();
        List<UserptrRange> ranges = new ArrayList<>();
        for (int i = 0; i < 500; i++) ranges.add(new UserptrRange(CPU + i * 64 * 1024L, 8 * 4096));
        assertThat(batch(GPU_VA, ranges, ledger).ret()).isZero();
        assertThat(ledger.snapshot()).containsEntry(Component.HOST_IOCTL, 250L).containsEntry(Component.KFD_FIXED, 14_000L)
                .containsEntry(Component.PER_RANGE, 500 * 500L).containsEntry(Component.PER_PAGE, 4000 * 100L);
    }

    @Test
    void aV4BatchPaysOneSpanNotifierAndOneMmapLockHoldForAllItsRanges() {
        CostLedger ledger = new CostLedger();
        List<UserptrRange> ranges = new ArrayList<>();
        for (int i = 0; i < 500; i++) ranges.add(new UserptrRange(CPU + i * 64 * 1024L, 8 * 4096));
        long rangesPtr = RANGES_PTR;
        var r = kfd.allocMemoryOfGpu(AllocMemoryOfGpuArgs.request(1, GPU_VA, 500 * 8 * 4096L, rangesPtr,
                AllocFlags.LIBHSAKMT_USERPTR | AllocFlags.USERPTR_BATCH),
                new SparseUserMemory().placeRangesData(rangesPtr, new UserptrRangesData(500, 0, ranges)), ledger);
        assertThat(r.ret()).isZero();
        assertThat(ledger.get(Component.PER_RANGE)).isEqualTo(500 * 150L + 250 + 100);
    }

    @Test
    void aFailedIoctlChargesOnlyTheEntry() {
        CostLedger ledger = new CostLedger();
        var r = kfd.allocMemoryOfGpu(AllocMemoryOfGpuArgs.request(1, GPU_VA, 4096, 0x50000000L, AllocFlags.USERPTR),
                UserMemory.none(), ledger);
        assertThat(r.errno()).contains(Errno.EFAULT);
        assertThat(ledger.snapshot()).containsEntry(Component.HOST_IOCTL, 250L).containsEntry(Component.KFD_FIXED, 0L)
                .containsEntry(Component.PER_PAGE, 0L);
    }

    @Test
    void mapChargesPerDeviceAndItsPtesAndTeardownChargesUnmapAndFree() {
        profile.set(TrapCostProfile.defaults().with(Parameter.KFD_FREE_FIXED, 3_000L).with(Parameter.GPU_UNMAP_PER_CALL, 7_000L));
        long h = userptr(CPU, 4096, new CostLedger());
        CostLedger ledger = new CostLedger();
        map(h, ledger);
        // gpuMapPerCall + tlbFlushPerMap, and mapPerPage for the BO's one page
        assertThat(ledger.get(Component.GPU_MAP)).isEqualTo(7_000 + 3_000);
        assertThat(ledger.get(Component.PER_PAGE)).isEqualTo(300);
        kfd.unmapMemoryFromGpu(new MapMemoryToGpuArgs(h, DEVICES_PTR, 1, 0),
                new SparseUserMemory().placeU32s(DEVICES_PTR, new int[]{1}), ledger);
        assertThat(ledger.get(Component.TEARDOWN)).isEqualTo(7_000 + 3_000);
        kfd.freeMemoryOfGpu(new FreeMemoryOfGpuArgs(h), ledger);
        assertThat(ledger.get(Component.TEARDOWN)).isEqualTo(7_000 + 3_000 + 3_000);
        assertThat(ledger.get(Component.GPU_MAP)).isEqualTo(10_000);
        assertThat(ledger.get(Component.HOST_IOCTL)).isEqualTo(750);
    }

    @Test
    void costsFollowTheProfileCurrentAtTheCall() {
        profile.set(TrapCostProfile.defaults().with(Parameter.KFD_ALLOC_FIXED, 50_000L));
        CostLedger ledger = new CostLedger();
        userptr(CPU, 4096, ledger);
        assertThat(ledger.get(Component.KFD_FIXED)).isEqualTo(50_000);
    }

    @Test
    void rangeKBacksTheGpuVaAfterTheEarlierRangesInArrayOrder() {
        List<UserptrRange> ranges = List.of(new UserptrRange(CPU + 0x8000, 0x2000), new UserptrRange(CPU, 0x1000),
                new UserptrRange(CPU + 0x4000, 0x3000));
        long h = batch(GPU_VA, ranges, new CostLedger()).args().handle();
        assertThat(kfd.userRanges(h).orElseThrow()).extracting(UserRangeState::start, UserRangeState::gpuVa).containsExactly(
                org.assertj.core.groups.Tuple.tuple(CPU + 0x8000, GPU_VA),
                org.assertj.core.groups.Tuple.tuple(CPU, GPU_VA + 0x2000),
                org.assertj.core.groups.Tuple.tuple(CPU + 0x4000, GPU_VA + 0x3000));
    }

    @Test
    void theV2PadIsNotChecked() {
        List<UserptrRange> ranges = List.of(new UserptrRange(CPU, 4096));
        var args = new AllocMemoryOfGpuBatchArgs(GPU_VA, 4096, 0, RANGES_PTR, 1, 1, AllocFlags.USERPTR, 0xDEAD);
        assertThat(kfd.allocMemoryOfGpuBatch(args, new SparseUserMemory().placeRanges(RANGES_PTR, ranges), new CostLedger()).ret()).isZero();
    }

    @Test
    void aFullIdrFailsTheAllocWithEfaultAndFreesTheBoAgain() {
        KfdEnvironment env = KfdEnvironment.defaults();
        KfdProcess small = new KfdProcess(new KfdDriver(env), env, clock, profile::get, 1);
        small.mm().mmap(CPU, MIB, PageSize.SMALL);
        var first = small.allocMemoryOfGpu(AllocMemoryOfGpuArgs.request(1, 0, 4096, CPU, AllocFlags.USERPTR), UserMemory.none(), new CostLedger());
        var second = small.allocMemoryOfGpu(AllocMemoryOfGpuArgs.request(1, 0, 4096, CPU, AllocFlags.USERPTR), UserMemory.none(), new CostLedger());
        assertThat(first.ret()).isZero();
        assertThat(second.errno()).contains(Errno.EFAULT);
        assertThat(small.state().systemMemUsed()).isEqualTo(4096);
        assertThat(small.state().notifiers()).isEqualTo(1);
        assertThat(small.driver().mmapOffsetsInUse(1)).isEqualTo(1);
    }

    @Test
    void aFailedBatchLeavesNoNotifierReservationOffsetOrHandle() {
        KfdState before = kfd.state();
        List<UserptrRange> ranges = List.of(new UserptrRange(CPU, 4096), new UserptrRange(CPU + 8192, 4096),
                new UserptrRange(0x60000000L, 4096));
        assertThat(batch(GPU_VA, ranges, new CostLedger()).errno()).contains(Errno.EFAULT);
        assertThat(kfd.state()).isEqualTo(before);
        assertThat(kfd.mm().notifierCount()).isZero();
        assertThat(kfd.driver().mmapOffsetsInUse(1)).isZero();
        assertThat(batch(GPU_VA, ranges.subList(0, 2), new CostLedger()).args().handle()).isEqualTo(0x100000000L);
    }

    @Test
    void vramIsChargedToTheDeviceAndReturnedOnFree() {
        var r = kfd.allocMemoryOfGpu(AllocMemoryOfGpuArgs.request(1, GPU_VA, 3 * MIB + 1, 0, AllocFlags.VRAM), UserMemory.none(), new CostLedger());
        assertThat(kfd.vramUsage(1)).isEqualTo(3 * MIB + 4096);
        assertThat(kfd.driver().vramUsed(1)).isEqualTo(3 * MIB + 4096);
        assertThat(kfd.state().systemMemUsed()).isZero();
        kfd.freeMemoryOfGpu(new FreeMemoryOfGpuArgs(r.args().handle()), new CostLedger());
        assertThat(kfd.vramUsage(1)).isZero();
        assertThat(kfd.driver().vramUsed(1)).isZero();
    }

    @Test
    void availableMemoryIsVramLessPageTableReserveAndTwoMibAlignedUse() {
        var before = kfd.availableMemory(new AvailableMemoryArgs(0, 1, 0), new CostLedger());
        assertThat(before.args().available()).isEqualTo(16L * 1024 * MIB - 8 * MIB);
        kfd.allocMemoryOfGpu(AllocMemoryOfGpuArgs.request(1, GPU_VA, 4096, 0, AllocFlags.VRAM), UserMemory.none(), new CostLedger());
        assertThat(kfd.availableMemory(new AvailableMemoryArgs(0, 1, 0), new CostLedger()).args().available())
                .isEqualTo(16L * 1024 * MIB - 10 * MIB);
        assertThat(kfd.availableMemory(new AvailableMemoryArgs(0, 2, 0), new CostLedger()).errno()).contains(Errno.EINVAL);
    }

    @Test
    void gttIsChargedToSystemAndTtmMemory() {
        kfd.allocMemoryOfGpu(AllocMemoryOfGpuArgs.request(1, GPU_VA, MIB, 0, AllocFlags.GTT), UserMemory.none(), new CostLedger());
        assertThat(kfd.driver().systemMemUsed()).isEqualTo(MIB);
        assertThat(kfd.driver().ttmMemUsed()).isEqualTo(MIB);
    }

    @Test
    void evictionStopsTheQueuesAtTheInvalidationAndTheRestoreResumesThemAfterItsDuration() {
        profile.set(TrapCostProfile.defaults().with(Parameter.QUEUE_RESUME, 5_000L));
        long h = userptr(CPU, 8192, new CostLedger());
        map(h, new CostLedger());
        clock.advanceTo(1_000);
        kfd.mm().invalidate(CPU, CPU + 4096, true);
        clock.runUntil(10_000_000);
        // due 1000 + 100 us + one jiffy (4 ms); 10 + 2 x 0.3 + 0.25 + 2 x 0.1 + 3 (TLB flush) us of work; queues run 5 us after
        assertThat(queueEvents).containsExactly("evicted@1000", "success@4101000..4115050", "resumed@4120050");
        assertThat(kfd.queueEvictions()).isEqualTo(1);
        assertThat(kfd.restores(RestoreOutcome.SUCCESS)).isEqualTo(1);
        assertThat(kfd.invalidationEvents()).isEqualTo(1);
    }

    @Test
    void anEvictedBoMappedBeforeRestoreGetsItsPageTablesFromTheRestore() {
        long h = userptr(CPU, 8192, new CostLedger());
        kfd.mm().invalidate(CPU, CPU + 4096, true);
        map(h, new CostLedger());
        assertThat(kfd.gpuVaMappings()).singleElement().extracting(GpuVaMapping::ptesValid).isEqualTo(false);
        clock.runUntil(10_000_000);
        assertThat(kfd.gpuVaMappings()).singleElement().extracting(GpuVaMapping::ptesValid).isEqualTo(true);
    }

    @Test
    void stateFClearsThePageTablesAndAGpuAccessWouldFault() {
        long h = userptr(CPU, 8192, new CostLedger());
        map(h, new CostLedger());
        assertThat(kfd.gpuVaMappings()).singleElement().extracting(GpuVaMapping::ptesValid).isEqualTo(true);
        kfd.mm().munmap(CPU, 64 * MIB);
        clock.runUntil(10_000_000);
        assertThat(kfd.restores(RestoreOutcome.FAULT)).isEqualTo(1);
        assertThat(kfd.gpuVaMappings()).singleElement().extracting(GpuVaMapping::ptesValid).isEqualTo(false);
        assertThat(kfd.userRanges(h).orElseThrow()).singleElement().extracting(UserRangeState::pagesPresent).isEqualTo(false);
        assertThat(kfd.state().queuesActive()).isTrue();
    }

    @Test
    void injectedErrorsAreRetriedWithTheirErrnoAndCountedByOutcome() {
        long h = userptr(CPU, 8192, new CostLedger());
        kfd.injectRestoreFaults(Errno.EBUSY, 1);
        kfd.injectRestoreFaults(Errno.ENOMEM, 1);
        kfd.mm().invalidate(CPU, CPU + 4096, true);
        clock.runUntil(100_000_000);
        assertThat(kfd.restores(RestoreOutcome.RETRY)).isEqualTo(2);
        assertThat(kfd.restores(RestoreOutcome.SUCCESS)).isEqualTo(1);
        assertThat(restoreResults).containsExactly(RestoreResult.retry(Errno.EBUSY), RestoreResult.retry(Errno.ENOMEM),
                RestoreResult.SUCCESS);
        assertThat(kfd.state().bos()).singleElement().extracting(BoState::invalid).isEqualTo(0);
        assertThat(h).isEqualTo(0x100000000L);
    }

    @Test
    void aRaceWithANewInvalidationIsCountedAndRetried() {
        userptr(CPU, 8192, new CostLedger());
        kfd.mm().invalidate(CPU, CPU + 4096, true);
        // the run starts at 4.1 ms and takes 11.05 us (unmapped: no TLB flush)
        clock.runUntil(4_105_000);
        kfd.mm().invalidate(CPU, CPU + 4096, true);
        clock.runUntil(100_000_000);
        assertThat(kfd.restores(RestoreOutcome.RACED)).isEqualTo(1);
        assertThat(kfd.restores(RestoreOutcome.SUCCESS)).isEqualTo(1);
        assertThat(kfd.queueEvictions()).isEqualTo(1);
    }

    @Test
    void theRestoreDurationUsesTheHugePageFactorForHugeBackedPages() {
        kfd.mm().mmap(0x40000000L, 2 * MIB, PageSize.HUGE);
        userptr(0x40000000L, 2 * MIB, new CostLedger());
        kfd.mm().invalidate(0x40000000L, 0x40001000L, true);
        clock.runUntil(100_000_000);
        // 10 us + 512 pages mapped again x 0.3 us x 0.75 + 0.25 us for the range + 512 pages re-faulted x 0.1 us x 0.75
        assertThat(queueEvents).contains("success@4100000..4263850");
    }

    @Test
    void theDispatcherDecodesTheStructFromUserMemoryAndWritesTheResultBack() {
        long argPtr = 0x7fe000000000L;
        var args = AllocMemoryOfGpuArgs.request(1, GPU_VA, 4096, CPU, AllocFlags.USERPTR);
        SparseUserMemory user = new SparseUserMemory().place(argPtr, args.encode());
        var r = kfd.ioctl(IoctlCommand.ALLOC_MEMORY_OF_GPU.number(), argPtr, user, new CostLedger());
        assertThat(r.ret()).isZero();
        assertThat(AllocMemoryOfGpuArgs.decode(user.copyFromUser(argPtr, AllocMemoryOfGpuArgs.SIZE)))
                .isEqualTo(args.withResult(0x100000000L, 0x100000000L));
        var version = kfd.ioctl(IoctlCommand.GET_VERSION.number(), argPtr, user, new CostLedger());
        assertThat(version.args()).isEqualTo(GetVersionArgs.MODELLED_KERNEL);
    }

    @Test
    void theDispatcherWritesProgressBackEvenWhenTheHandlerFails() {
        long h = userptr(CPU, 4096, new CostLedger());
        long argPtr = 0x7fe000000000L;
        SparseUserMemory user = new SparseUserMemory().placeU32s(DEVICES_PTR, new int[]{1, 9})
                .place(argPtr, new MapMemoryToGpuArgs(h, DEVICES_PTR, 2, 0).encode());
        var r = kfd.ioctl(IoctlCommand.MAP_MEMORY_TO_GPU.number(), argPtr, user, new CostLedger());
        assertThat(r.errno()).contains(Errno.EINVAL);
        assertThat(MapMemoryToGpuArgs.decode(user.copyFromUser(argPtr, MapMemoryToGpuArgs.SIZE)).nSuccess()).isEqualTo(1);
    }

    @Test
    void theV4RangesDataIsReadFromUserMemoryAtMmapOffset() {
        List<UserptrRange> ranges = List.of(new UserptrRange(CPU, 4096), new UserptrRange(CPU + 0x10000, 8192));
        var r = kfd.allocMemoryOfGpu(AllocMemoryOfGpuArgs.request(1, GPU_VA, 12288, RANGES_PTR,
                AllocFlags.USERPTR | AllocFlags.USERPTR_BATCH), new SparseUserMemory().placeRangesData(RANGES_PTR, UserptrRangesData.of(ranges)),
                new CostLedger());
        assertThat(r.args().mmapOffset()).isZero();
        assertThat(kfd.state().bos()).singleElement().extracting(BoState::userptr, BoState::ranges)
                .containsExactly(UserptrAbi.BATCH_V4, 2);
        assertThat(kfd.mm().notifierCount()).isEqualTo(1);
    }

    @Test
    void processesOnOneDriverShareTheSystemMemoryLimitButNotHandles() {
        KfdEnvironment env = KfdEnvironment.of(4L << 30, List.of(1), false);
        KfdDriver driver = new KfdDriver(env);
        KfdProcess a = new KfdProcess(driver, env, clock, profile::get);
        KfdProcess b = new KfdProcess(driver, env, clock, profile::get);
        a.mm().mmap(CPU, 2048 * MIB, PageSize.SMALL);
        b.mm().mmap(CPU, 2048 * MIB, PageSize.SMALL);
        var ra = a.allocMemoryOfGpu(AllocMemoryOfGpuArgs.request(1, 0, 2000 * MIB, CPU, AllocFlags.USERPTR), UserMemory.none(), new CostLedger());
        var rb = b.allocMemoryOfGpu(AllocMemoryOfGpuArgs.request(1, 0, 2000 * MIB, CPU, AllocFlags.USERPTR), UserMemory.none(), new CostLedger());
        var rb2 = b.allocMemoryOfGpu(AllocMemoryOfGpuArgs.request(1, 0, 400 * MIB, CPU, AllocFlags.USERPTR), UserMemory.none(), new CostLedger());
        assertThat(ra.args().handle()).isEqualTo(0x100000000L);
        assertThat(rb.errno()).contains(Errno.ENOMEM);
        assertThat(rb2.args().handle()).isEqualTo(0x100000000L);
        assertThat(rb2.args().mmapOffset()).isNotEqualTo(ra.args().mmapOffset());
        assertThat(driver.systemMemUsed()).isEqualTo(2400 * MIB);
    }
}
