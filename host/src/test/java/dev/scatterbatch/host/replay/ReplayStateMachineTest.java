package dev.scatterbatch.host.replay;

import dev.scatterbatch.model.cost.Parameter;
import dev.scatterbatch.model.cost.RestoreGranularity;
import dev.scatterbatch.model.cost.TrapCostProfile;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.scatterbatch.host.replay.Traces.expectAmong;
import static dev.scatterbatch.host.replay.Traces.expectLast;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The userptr eviction/restore state machine ({@code amdgpu_amdkfd_evict_userptr},
 * {@code amdgpu_amdkfd_restore_userptr_worker}) under the default profile at HZ 1000: queues stop at the
 * invalidation, the worker is due {@code queueQuiesce} + one jiffy = 1.1 ms later and takes {@code revalidatePerBo}
 * (10 us) + {@code mapPerPage} for every page of the BO (0.3 us) + per re-faulted range {@code hmmRangePerRange +
 * mmapLockCycle} (0.25 us) + {@code faultPerPage} per re-faulted page (0.1 us) + one {@code tlbFlushPerMap} (3 us)
 * when a restored BO is mapped. A single-range BO and a v2 batch re-fault every range, v4 its invalid ones.
 */
class ReplayStateMachineTest {

    static final String MMAP = """
            {"op": "mmap", "start": "0x10000000", "size": "64MiB"}
            """;
    /** A 2-page userptr at CPU 0x10000000 (handle 0x100000000), mapped on GPU 1. */
    static final String MAPPED_USERPTR = MMAP + """
            {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": 8192, "mmap_offset": "0x10000000", "flags": ["USERPTR", "WRITABLE"], "as": "h"}
            {"op": "map", "handle": "$h", "devices": [1]}
            """;
    static final String INVALIDATE = """
            {"op": "invalidate", "start": "0x10000000", "size": 4096}
            """;
    static final String STATE = """
            {"op": "state"}
            """;

    static String advanceTo(long ns, long from) {
        return "{\"op\": \"advance\", \"ns\": " + (ns - from) + "}\n";
    }

    static String state(int line, long time, long evicted, boolean active, String restoreAt, String bo) {
        return "{\"line\": " + line + ", \"op\": \"state\", \"time_ns\": " + time + ", \"system_mem_used\": 8192, \"evicted_bos\": "
                + evicted + ", \"queues_active\": " + active + ", \"queue_evict_count\": " + (active ? 0 : 1)
                + ", \"restore_scheduled_at_ns\": " + restoreAt + ", \"notifiers\": 1, \"bos\": [" + bo + "]}";
    }

    static String bo(int invalid, boolean onInvalList, int mapped) {
        return "{\"handle\": \"0x100000000\", \"invalid\": " + invalid + ", \"on_inval_list\": " + onInvalList
                + ", \"mapped\": " + mapped + ", \"ranges\": 1}";
    }

    @Test
    void allocatedIsValidAndMapMapsIt() {
        expectLast(MAPPED_USERPTR + STATE, state(4, 0, 0, true, "null", bo(0, false, 1)));
    }

    @Test
    void theFirstInvalidationStopsTheQueuesAndQueuesTheRestoreAfterQuiesceAndDelay() {
        expectLast(MAPPED_USERPTR + INVALIDATE + STATE, """
                {"line": 4, "op": "invalidate", "ret": 0, "notified": 1}
                """ + state(5, 0, 1, false, "1100000", bo(1, false, 1)));
    }

    @Test
    void laterInvalidationsCountButQuiesceOnceAndKeepTheRestoreTime() {
        expectLast(MAPPED_USERPTR + INVALIDATE + advanceTo(500_000, 0) + INVALIDATE + STATE,
                state(7, 500_000, 2, false, "1100000", bo(2, false, 1)));
    }

    @Test
    void anInvalidationAcrossTwoBosCountsOncePerBo() {
        expectLast(MMAP + """
                {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": 4096, "mmap_offset": "0x10000000", "flags": ["USERPTR"]}
                {"op": "alloc", "gpu_id": 1, "va_addr": "0x300000000", "size": 4096, "mmap_offset": "0x10001000", "flags": ["USERPTR"]}
                {"op": "invalidate", "start": "0x10000000", "size": 8192}
                {"op": "state"}
                """, """
                {"line": 4, "op": "invalidate", "ret": 0, "notified": 2}
                {"line": 5, "op": "state", "time_ns": 0, "system_mem_used": 8192, "evicted_bos": 2, "queues_active": false, "queue_evict_count": 1, "restore_scheduled_at_ns": 1100000, "notifiers": 2, "bos": [{"handle": "0x100000000", "invalid": 1, "on_inval_list": false, "mapped": 0, "ranges": 1}, {"handle": "0x100000001", "invalid": 1, "on_inval_list": false, "mapped": 0, "ranges": 1}]}
                """);
    }

    @Test
    void anInvalidationEndingWhereTheBoStartsDoesNotTouchIt() {
        expectLast(MAPPED_USERPTR + """
                {"op": "invalidate", "start": "0xfff0000", "size": "64KiB"}
                """ + STATE, """
                {"line": 4, "op": "invalidate", "ret": 0, "notified": 0}
                """ + state(5, 0, 0, true, "null", bo(0, false, 1)));
    }

    @Test
    void aSingleUserptrRefusesANonBlockableInvalidationButV2RangesAcceptIt() {
        expectLast(MAPPED_USERPTR + """
                {"op": "invalidate", "start": "0x10000000", "size": 4096, "blockable": false}
                {"op": "state"}
                {"op": "alloc_batch", "gpu_id": 1, "va_addr": "0x400000000", "total_size": 4096, "ranges": [{"start": "0x11000000", "size": 4096}], "flags": ["USERPTR"]}
                {"op": "invalidate", "start": "0x11000000", "size": 4096, "blockable": false}
                """, """
                {"line": 4, "op": "invalidate", "ret": -11, "errno": "EAGAIN", "notified": 1}
                """ + state(5, 0, 0, true, "null", bo(0, false, 1)) + """

                {"line": 6, "op": "alloc_batch", "ret": 0, "handle": "0x100000001"}
                {"line": 7, "op": "invalidate", "ret": 0, "notified": 1}
                """);
    }

    @Test
    void theRestoreRefaultsRevalidatesAndResumesTheQueuesAfterItsDuration() {
        // 10 us revalidate + 2 x 0.3 us map + 0.25 us for the range + 2 x 0.1 us fault + 3 us flush = 14.05 us
        expectAmong(MAPPED_USERPTR + INVALIDATE + advanceTo(1_100_000, 0) + STATE
                + advanceTo(1_114_049, 1_100_000) + STATE + advanceTo(1_114_050, 1_114_049) + STATE,
                state(6, 1_100_000, 1, false, "null", bo(0, true, 1)) + "\n"
                        + state(8, 1_114_049, 1, false, "null", bo(0, true, 1)) + "\n"
                        + state(10, 1_114_050, 0, true, "null", bo(0, false, 1)));
    }

    @Test
    void mappingAnEvictedBoRecordsTheMapping() {
        expectLast(MMAP + """
                {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": 8192, "mmap_offset": "0x10000000", "flags": ["USERPTR"]}
                {"op": "invalidate", "start": "0x10000000", "size": 4096}
                {"op": "map", "handle": "0x100000000", "devices": [1]}
                """ + STATE, """
                {"line": 4, "op": "map", "ret": 0, "n_success": 1}
                """ + state(5, 0, 1, false, "1100000", bo(1, false, 1)));
    }

    @Test
    void munmapInvalidatesTheBoAndItsRestoreFaultsLeavingItInStateF() {
        // the re-fault finds no mapping: -EFAULT counts as success, the queues resume, the BO stays invalid
        expectLast(MAPPED_USERPTR + """
                {"op": "munmap", "start": "0x10000000", "size": "64MiB"}
                """ + advanceTo(1_200_000, 0) + STATE, """
                {"line": 4, "op": "munmap", "ret": 0}
                {"line": 5, "op": "advance", "time_ns": 1200000}
                """ + state(6, 1_200_000, 0, true, "null", bo(1, true, 1)));
    }

    @Test
    void aBoInStateFIsRefaultedByTheNextRestoreAndRecovers() {
        expectLast(MAPPED_USERPTR + """
                {"op": "munmap", "start": "0x10000000", "size": "64MiB"}
                {"op": "advance", "ns": 1200000}
                {"op": "mmap", "start": "0x10000000", "size": "64MiB"}
                {"op": "alloc", "gpu_id": 1, "va_addr": "0x300000000", "size": 4096, "mmap_offset": "0x11000000", "flags": ["USERPTR"]}
                {"op": "invalidate", "start": "0x11000000", "size": 4096}
                {"op": "advance", "ns": 1200000}
                {"op": "state"}
                """, """
                {"line": 10, "op": "state", "time_ns": 2400000, "system_mem_used": 12288, "evicted_bos": 0, "queues_active": true, "queue_evict_count": 0, "restore_scheduled_at_ns": null, "notifiers": 2, "bos": [{"handle": "0x100000000", "invalid": 0, "on_inval_list": false, "mapped": 1, "ranges": 1}, {"handle": "0x100000001", "invalid": 0, "on_inval_list": false, "mapped": 0, "ranges": 1}]}
                """);
    }

    @Test
    void anInjectedEfaultAlsoLeavesTheBoInStateF() {
        expectLast(MAPPED_USERPTR + """
                {"op": "inject", "what": "hmm_fault", "errno": "EFAULT", "count": 1}
                """ + INVALIDATE + advanceTo(1_200_000, 0) + STATE, """
                {"line": 4, "op": "inject"}
                {"line": 5, "op": "invalidate", "ret": 0, "notified": 1}
                {"line": 6, "op": "advance", "time_ns": 1200000}
                """ + state(7, 1_200_000, 0, true, "null", bo(1, true, 1)));
    }

    @Test
    void ebusyDuringRestoreRetriesAfterTheRestoreDelay() {
        // the failed run takes 0.25 us (one range tried), ends at 1100250 and is requeued 1 ms later
        expectAmong(MAPPED_USERPTR + """
                {"op": "inject", "what": "hmm_fault", "errno": "EBUSY", "count": 1}
                """ + INVALIDATE + advanceTo(1_100_250, 0) + STATE + advanceTo(2_200_000, 1_100_250) + STATE,
                state(7, 1_100_250, 1, false, "2100250", bo(1, true, 1)) + "\n"
                        + state(9, 2_200_000, 0, true, "null", bo(0, false, 1)));
    }

    @Test
    void enomemDuringRestoreRetriesToo() {
        expectAmong(MAPPED_USERPTR + """
                {"op": "inject", "what": "hmm_fault", "errno": 12, "count": 2}
                """ + INVALIDATE + advanceTo(2_101_000, 0) + STATE + advanceTo(3_200_000, 2_101_000) + STATE,
                state(7, 2_101_000, 1, false, "3100500", bo(1, true, 1)) + "\n"
                        + state(9, 3_200_000, 0, true, "null", bo(0, false, 1)));
    }

    @Test
    void anInvalidationDuringTheRestoreMakesItRunAgain() {
        // the run from 1100000 would end at 1114050; the invalidation at 1110000 changes evicted_bos
        expectAmong(MAPPED_USERPTR + INVALIDATE + advanceTo(1_110_000, 0) + INVALIDATE + advanceTo(1_114_050, 1_110_000) + STATE
                + advanceTo(2_200_000, 1_114_050) + STATE,
                state(8, 1_114_050, 2, false, "2114050", bo(1, true, 1)) + "\n"
                        + state(10, 2_200_000, 0, true, "null", bo(0, false, 1)));
    }

    @Test
    void freeingAnEvictedBoKeepsEvictedBosAndTheRestoreJustResumesTheQueues() {
        expectLast(MMAP + """
                {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": 8192, "mmap_offset": "0x10000000", "flags": ["USERPTR"]}
                {"op": "invalidate", "start": "0x10000000", "size": 4096}
                {"op": "free", "handle": "0x100000000"}
                {"op": "state"}
                {"op": "advance", "ns": 1100000}
                {"op": "state"}
                """, """
                {"line": 4, "op": "free", "ret": 0}
                {"line": 5, "op": "state", "time_ns": 0, "system_mem_used": 0, "evicted_bos": 1, "queues_active": false, "queue_evict_count": 1, "restore_scheduled_at_ns": 1100000, "notifiers": 0, "bos": []}
                {"line": 6, "op": "advance", "time_ns": 1100000}
                {"line": 7, "op": "state", "time_ns": 1100000, "system_mem_used": 0, "evicted_bos": 0, "queues_active": true, "queue_evict_count": 0, "restore_scheduled_at_ns": null, "notifiers": 0, "bos": []}
                """);
    }

    @Test
    void aV4GapInvalidationReachesTheSpanNotifierButEvictsNothing() {
        expectLast(MMAP + """
                {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": 8192, "mmap_offset": "0x7fff00000000", "flags": ["USERPTR", "USERPTR_BATCH"], "ranges": [{"start": "0x10000000", "size": 4096}, {"start": "0x10002000", "size": 4096}]}
                {"op": "invalidate", "start": "0x10001000", "size": 4096}
                {"op": "state"}
                {"op": "invalidate", "start": "0x10002000", "size": 4096}
                {"op": "state"}
                """, """
                {"line": 3, "op": "invalidate", "ret": 0, "notified": 1}
                {"line": 4, "op": "state", "time_ns": 0, "system_mem_used": 8192, "evicted_bos": 0, "queues_active": true, "queue_evict_count": 0, "restore_scheduled_at_ns": null, "notifiers": 1, "bos": [{"handle": "0x100000000", "invalid": 0, "on_inval_list": false, "mapped": 0, "ranges": 2}]}
                {"line": 5, "op": "invalidate", "ret": 0, "notified": 1}
                {"line": 6, "op": "state", "time_ns": 0, "system_mem_used": 8192, "evicted_bos": 1, "queues_active": false, "queue_evict_count": 1, "restore_scheduled_at_ns": 1100000, "notifiers": 1, "bos": [{"handle": "0x100000000", "invalid": 1, "on_inval_list": false, "mapped": 0, "ranges": 2}]}
                """);
    }

    @Test
    void aV2GapIsNotWatchedAtAll() {
        expectLast(MMAP + """
                {"op": "alloc_batch", "gpu_id": 1, "va_addr": "0x200000000", "total_size": 8192, "ranges": [{"start": "0x10000000", "size": 4096}, {"start": "0x10002000", "size": 4096}], "flags": ["USERPTR"]}
                {"op": "invalidate", "start": "0x10001000", "size": 4096}
                """, """
                {"line": 3, "op": "invalidate", "ret": 0, "notified": 0}
                """);
    }

    @Test
    void restoreGranularityDecidesWhichRangesAreRefaulted() {
        // v2 batch of two 2-page ranges, only the second invalidated; unmapped BO
        // the whole BO is mapped again either way (4 x 0.3 us); per-range re-faults one range: 10 + 1.2 + 0.25 + 2 x 0.1
        // = 11.65 us; whole-bo both: 10 + 1.2 + 2 x 0.25 + 4 x 0.1 = 12.1 us
        String trace = MMAP + """
                {"op": "alloc_batch", "gpu_id": 1, "va_addr": "0x200000000", "total_size": 16384, "ranges": [{"start": "0x10000000", "size": 8192}, {"start": "0x10004000", "size": 8192}], "flags": ["USERPTR"]}
                {"op": "invalidate", "start": "0x10004000", "size": 4096}
                {"op": "advance", "ns": 1111650}
                {"op": "state"}
                """;
        TrapCostProfile wholeBo = Traces.HZ_1000.with(Parameter.RESTORE_GRANULARITY, RestoreGranularity.WHOLE_BO);
        TrapCostProfile perRangeProfile = Traces.HZ_1000.with(Parameter.RESTORE_GRANULARITY, RestoreGranularity.PER_RANGE);
        List<String> perRange = Traces.run(new ReplayRunner(() -> perRangeProfile), trace);
        List<String> whole = Traces.run(new ReplayRunner(() -> wholeBo), trace);
        assertThat(perRange.getLast()).contains("\"evicted_bos\": 0, \"queues_active\": true");
        assertThat(whole.getLast()).contains("\"evicted_bos\": 1, \"queues_active\": false");
    }
}
