package dev.scatterbatch.host.replay;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static dev.scatterbatch.host.replay.Traces.expectLast;

/**
 * Every check of docs/kfd.md sections 3.1 to 3.6 and the dispatcher, each as a trace with the result
 * line the kernel gives. Traces start with 64 MiB mapped at 0x10000000 where they need CPU memory.
 */
class ReplayValidationTest {

    static final String MMAP = """
            {"op": "mmap", "start": "0x10000000", "size": "64MiB"}
            """;
    static final String USERPTR = """
            {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": 8192, "mmap_offset": "0x10000000", "flags": ["USERPTR", "WRITABLE"]}
            """;
    static final String SVM = """
            {"op": "svm", "start": "0x10000000", "size": "2MiB"}
            """;
    static final String EMPTY_STATE = """
            {"op": "state"}
            """;

    /** A state line with no BO, nothing charged and no notifier, for {@code line}. */
    static String emptyState(int line) {
        return "{\"line\": " + line + ", \"op\": \"state\", \"time_ns\": 0, \"system_mem_used\": 0, \"evicted_bos\": 0, "
                + "\"queues_active\": true, \"queue_evict_count\": 0, \"restore_scheduled_at_ns\": null, \"notifiers\": 0, \"bos\": []}";
    }

    @Nested
    class SingleAlloc {

        @Test
        void sizeZeroIsEinvalFirst() {
            expectLast("""
                    {"op": "alloc", "gpu_id": 9, "va_addr": 0, "size": 0, "flags": ["USERPTR"]}
                    """, """
                    {"line": 1, "op": "alloc", "ret": -22, "errno": "EINVAL"}
                    """);
        }

        @Test
        void userptrOnASecondaryContextIsEopnotsupp() {
            expectLast("""
                    {"op": "env", "primary_context": false}
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": 4096, "mmap_offset": "0x10000000", "flags": ["USERPTR"]}
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": 4096, "flags": ["VRAM"]}
                    """, """
                    {"line": 2, "op": "alloc", "ret": -95, "errno": "EOPNOTSUPP"}
                    {"line": 3, "op": "alloc", "ret": 0, "handle": "0x100000000", "mmap_offset": "0x100000000"}
                    """);
        }

        @Test
        void gpuVaInAnSvmRangeIsEaddrinuseBeforeTheGpuIdIsLookedAt() {
            expectLast(MMAP + SVM + """
                    {"op": "alloc", "gpu_id": 7, "va_addr": "0x10100000", "size": 4096, "flags": ["VRAM"]}
                    """, """
                    {"line": 3, "op": "alloc", "ret": -98, "errno": "EADDRINUSE"}
                    """);
        }

        @Test
        void vramWithoutVaSkipsTheGpuVaSvmCheckButGttDoesNot() {
            expectLast(MMAP + SVM + """
                    {"op": "alloc", "gpu_id": 1, "va_addr": 0, "size": "512MiB", "flags": ["VRAM"]}
                    {"op": "alloc", "gpu_id": 1, "va_addr": 0, "size": "512MiB", "flags": ["GTT"]}
                    """, """
                    {"line": 3, "op": "alloc", "ret": 0, "handle": "0x100000000", "mmap_offset": "0x100000000"}
                    {"line": 4, "op": "alloc", "ret": -98, "errno": "EADDRINUSE"}
                    """);
        }

        @Test
        void userptrCpuRangeInAnSvmRangeIsEaddrinuse() {
            expectLast(MMAP + SVM + """
                    {"op": "alloc", "gpu_id": 7, "va_addr": "0x200000000", "size": 4096, "mmap_offset": "0x10001000", "flags": ["USERPTR"]}
                    """, """
                    {"line": 3, "op": "alloc", "ret": -98, "errno": "EADDRINUSE"}
                    """);
        }

        @Test
        void unknownGpuIdIsEinval() {
            expectLast(MMAP + """
                    {"op": "alloc", "gpu_id": 2, "va_addr": "0x200000000", "size": 4096, "mmap_offset": "0x10000000", "flags": ["USERPTR"]}
                    """, """
                    {"line": 2, "op": "alloc", "ret": -22, "errno": "EINVAL"}
                    """);
        }

        @Test
        void hostVisibleVramOnASmallBarIsEinval() {
            expectLast("""
                    {"op": "env", "large_bar": false}
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": 4096, "flags": ["VRAM", "PUBLIC"]}
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": 4096, "flags": ["VRAM"]}
                    """, """
                    {"line": 2, "op": "alloc", "ret": -22, "errno": "EINVAL"}
                    {"line": 3, "op": "alloc", "ret": 0, "handle": "0x100000000", "mmap_offset": "0x100000000"}
                    """);
        }

        @Test
        void aDeviceWhoseVmWasNotAcquiredFailsToBindWithEnodev() {
            expectLast("""
                    {"op": "env", "gpu_ids": [1, 2], "vm_not_acquired": [2]}
                    {"op": "alloc", "gpu_id": 2, "va_addr": "0x200000000", "size": 4096, "flags": ["VRAM"]}
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": 4096, "flags": ["VRAM"]}
                    """, """
                    {"line": 2, "op": "alloc", "ret": -19, "errno": "ENODEV"}
                    {"line": 3, "op": "alloc", "ret": 0, "handle": "0x100000000", "mmap_offset": "0x100000000"}
                    """);
        }

        @Test
        void doorbellMustBeTheProcessDoorbellSlice() {
            expectLast("""
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": 4096, "flags": ["DOORBELL"]}
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": "8KiB", "flags": ["DOORBELL"]}
                    """, """
                    {"line": 1, "op": "alloc", "ret": -22, "errno": "EINVAL"}
                    {"line": 2, "op": "alloc", "ret": 0, "handle": "0x100000000", "mmap_offset": "0x100000000"}
                    """);
        }

        @Test
        void mmioRemapMustBeOnePageAndGetsAKfdMmapOffset() {
            expectLast("""
                    {"op": "env", "gpu_ids": [3]}
                    {"op": "alloc", "gpu_id": 3, "va_addr": "0x200000000", "size": 8192, "flags": ["MMIO_REMAP"]}
                    {"op": "alloc", "gpu_id": 3, "va_addr": "0x200000000", "size": 4096, "flags": ["MMIO_REMAP"]}
                    """, """
                    {"line": 2, "op": "alloc", "ret": -22, "errno": "EINVAL"}
                    {"line": 3, "op": "alloc", "ret": 0, "handle": "0x300000000", "mmap_offset": "0xc00000000000"}
                    """);
        }

        @Test
        void flagsWithoutADomainAreEinval() {
            expectLast("""
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": 4096, "flags": ["WRITABLE", "EXECUTABLE"]}
                    """, """
                    {"line": 1, "op": "alloc", "ret": -22, "errno": "EINVAL"}
                    """);
        }

        @Test
        void userptrWithoutACpuAddressIsEinval() {
            expectLast("""
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": 4096, "flags": ["USERPTR"]}
                    """, """
                    {"line": 1, "op": "alloc", "ret": -22, "errno": "EINVAL"}
                    """);
        }

        @Test
        void userptrPastTheSystemMemoryLimitIsEnomemUnlessTheLimitIsOff() {
            // 4 GiB RAM: limit 4 GiB - 64 MiB - 1.5 GiB = 2496 MiB
            expectLast("""
                    {"op": "env", "host_ram": "4GiB"}
                    {"op": "mmap", "start": "0x10000000", "size": "2500MiB"}
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": "2500MiB", "mmap_offset": "0x10000000", "flags": ["USERPTR"]}
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": "2496MiB", "mmap_offset": "0x10000000", "flags": ["USERPTR"]}
                    """, """
                    {"line": 3, "op": "alloc", "ret": -12, "errno": "ENOMEM"}
                    {"line": 4, "op": "alloc", "ret": 0, "handle": "0x100000000", "mmap_offset": "0x100000000"}
                    """);
            expectLast("""
                    {"op": "env", "host_ram": "4GiB", "no_system_mem_limit": true}
                    {"op": "mmap", "start": "0x10000000", "size": "2500MiB"}
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": "2500MiB", "mmap_offset": "0x10000000", "flags": ["USERPTR"]}
                    """, """
                    {"line": 3, "op": "alloc", "ret": 0, "handle": "0x100000000", "mmap_offset": "0x100000000"}
                    """);
        }

        @Test
        void belowThreeGibTheLimitIsHalfOfRamLessAFortyFourth() {
            // 2 GiB RAM: 2 GiB - 32 MiB < 3 GiB, so the limit is half of it: 1008 MiB
            expectLast("""
                    {"op": "env", "host_ram": "2GiB"}
                    {"op": "mmap", "start": "0x10000000", "size": "1100MiB"}
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": "1009MiB", "mmap_offset": "0x10000000", "flags": ["USERPTR"]}
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": "1008MiB", "mmap_offset": "0x10000000", "flags": ["USERPTR"]}
                    """, """
                    {"line": 3, "op": "alloc", "ret": -12, "errno": "ENOMEM"}
                    {"line": 4, "op": "alloc", "ret": 0, "handle": "0x100000000", "mmap_offset": "0x100000000"}
                    """);
        }

        @Test
        void aUserptrWrappingTheAddressSpaceFailsTheNotifierInsertWithEoverflow() {
            expectLast("""
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": 8192, "mmap_offset": "0xfffffffffffff000", "flags": ["USERPTR"]}
                    """ + EMPTY_STATE, """
                    {"line": 1, "op": "alloc", "ret": -75, "errno": "EOVERFLOW"}
                    """ + emptyState(2));
        }

        @Test
        void unmappedOrPartlyMappedUserMemoryIsEfaultAndLeavesNoTrace() {
            expectLast(MMAP + """
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": 4096, "mmap_offset": "0x50000000", "flags": ["USERPTR"]}
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": 8192, "mmap_offset": "0x13fff000", "flags": ["USERPTR"]}
                    """ + EMPTY_STATE, """
                    {"line": 2, "op": "alloc", "ret": -14, "errno": "EFAULT"}
                    {"line": 3, "op": "alloc", "ret": -14, "errno": "EFAULT"}
                    """ + emptyState(4));
        }

        @Test
        void vramBeyondTheDeviceOrGttBeyondTtmIsEnomem() {
            expectLast("""
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": "16GiB", "flags": ["VRAM"]}
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": "33GiB", "flags": ["GTT"]}
                    """ + EMPTY_STATE, """
                    {"line": 1, "op": "alloc", "ret": -12, "errno": "ENOMEM"}
                    {"line": 2, "op": "alloc", "ret": -12, "errno": "ENOMEM"}
                    """ + emptyState(3));
        }

        @Test
        void aUserptrIsChargedPageAlignedToSystemMemoryWithOneNotifier() {
            expectLast(MMAP + """
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": 100, "mmap_offset": "0x10000000", "flags": ["USERPTR"]}
                    {"op": "state"}
                    """, """
                    {"line": 2, "op": "alloc", "ret": 0, "handle": "0x100000000", "mmap_offset": "0x100000000"}
                    {"line": 3, "op": "state", "time_ns": 0, "system_mem_used": 4096, "evicted_bos": 0, "queues_active": true, "queue_evict_count": 0, "restore_scheduled_at_ns": null, "notifiers": 1, "bos": [{"handle": "0x100000000", "invalid": 0, "on_inval_list": false, "mapped": 0, "ranges": 1}]}
                    """);
        }

        @Test
        void vramWinsOverUserptrAndGttOverUserptrSoTheUserPointerIsIgnored() {
            expectLast("""
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": 4096, "mmap_offset": "0x50000000", "flags": ["VRAM", "USERPTR"]}
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x300000000", "size": 4096, "mmap_offset": "0x50000000", "flags": ["GTT", "USERPTR"]}
                    {"op": "state"}
                    """, """
                    {"line": 1, "op": "alloc", "ret": 0, "handle": "0x100000000", "mmap_offset": "0x100000000"}
                    {"line": 2, "op": "alloc", "ret": 0, "handle": "0x100000001", "mmap_offset": "0x100001000"}
                    {"line": 3, "op": "state", "time_ns": 0, "system_mem_used": 4096, "evicted_bos": 0, "queues_active": true, "queue_evict_count": 0, "restore_scheduled_at_ns": null, "notifiers": 0, "bos": [{"handle": "0x100000000", "invalid": 0, "on_inval_list": false, "mapped": 0, "ranges": 0}, {"handle": "0x100000001", "invalid": 0, "on_inval_list": false, "mapped": 0, "ranges": 0}]}
                    """);
        }
    }

    @Nested
    class BatchV2 {

        static final String BATCH = """
                {"op": "alloc_batch", "gpu_id": 1, "va_addr": "0x200000000", "total_size": 8192, "ranges": [{"start": "0x10000000", "size": 4096}, {"start": "0x10002000", "size": 4096}], "flags": ["USERPTR"]}
                """;

        @Test
        void totalSizeZeroIsEinval() {
            expectLast("""
                    {"op": "alloc_batch", "gpu_id": 9, "va_addr": 0, "total_size": 0, "ranges": [], "flags": 0, "ranges_ptr": 0}
                    """, """
                    {"line": 1, "op": "alloc_batch", "ret": -22, "errno": "EINVAL"}
                    """);
        }

        @Test
        void noRangesIsEinval() {
            expectLast("""
                    {"op": "alloc_batch", "gpu_id": 9, "va_addr": 0, "total_size": 4096, "ranges": [], "flags": 0, "ranges_ptr": 0}
                    """, """
                    {"line": 1, "op": "alloc_batch", "ret": -22, "errno": "EINVAL"}
                    """);
        }

        @Test
        void aNullRangesPointerIsEinvalBeforeTheFlagsAreLookedAt() {
            expectLast("""
                    {"op": "alloc_batch", "gpu_id": 1, "va_addr": 0, "total_size": 4096, "ranges": [{"start": "0x10000000", "size": 4096}], "flags": ["GTT"], "ranges_ptr": 0}
                    """, """
                    {"line": 1, "op": "alloc_batch", "ret": -22, "errno": "EINVAL"}
                    """);
        }

        @Test
        void withoutUserptrItIsEopnotsupp() {
            expectLast("""
                    {"op": "alloc_batch", "gpu_id": 1, "va_addr": 0, "total_size": 4096, "ranges": [{"start": "0x10000000", "size": 4096}], "flags": ["GTT"]}
                    """, """
                    {"line": 1, "op": "alloc_batch", "ret": -95, "errno": "EOPNOTSUPP"}
                    """);
        }

        @Test
        void aSecondaryContextIsEopnotsupp() {
            expectLast("""
                    {"op": "env", "primary_context": false}
                    """ + BATCH, """
                    {"line": 2, "op": "alloc_batch", "ret": -95, "errno": "EOPNOTSUPP"}
                    """);
        }

        @Test
        void aRangeArrayKvmallocCannotHoldIsEnomem() {
            expectLast("""
                    {"op": "alloc_batch", "gpu_id": 1, "va_addr": 0, "total_size": 4096, "ranges": [{"start": "0x10000000", "size": 4096}], "flags": ["USERPTR"], "num_ranges": 134217728}
                    """, """
                    {"line": 1, "op": "alloc_batch", "ret": -12, "errno": "ENOMEM"}
                    """);
        }

        @Test
        void unreadableRangesAreEfault() {
            expectLast("""
                    {"op": "alloc_batch", "gpu_id": 1, "va_addr": 0, "total_size": 4096, "ranges": [{"start": "0x10000000", "size": 4096}], "flags": ["USERPTR"], "ranges_readable": false}
                    {"op": "alloc_batch", "gpu_id": 1, "va_addr": 0, "total_size": 4096, "ranges": [{"start": "0x10000000", "size": 4096}], "flags": ["USERPTR"], "num_ranges": 2}
                    """, """
                    {"line": 1, "op": "alloc_batch", "ret": -14, "errno": "EFAULT"}
                    {"line": 2, "op": "alloc_batch", "ret": -14, "errno": "EFAULT"}
                    """);
        }

        @Test
        void aRangeWithAZeroOrUnalignedStartOrSizeIsEinval() {
            expectLast("""
                    {"op": "alloc_batch", "gpu_id": 1, "va_addr": 0, "total_size": 4096, "ranges": [{"start": 0, "size": 4096}], "flags": ["USERPTR"]}
                    {"op": "alloc_batch", "gpu_id": 1, "va_addr": 0, "total_size": 4096, "ranges": [{"start": "0x10000000", "size": 4096}, {"start": "0x10001000", "size": 0}], "flags": ["USERPTR"]}
                    {"op": "alloc_batch", "gpu_id": 1, "va_addr": 0, "total_size": 4096, "ranges": [{"start": "0x10000800", "size": 4096}], "flags": ["USERPTR"]}
                    {"op": "alloc_batch", "gpu_id": 1, "va_addr": 0, "total_size": 4096, "ranges": [{"start": "0x10000000", "size": 4095}], "flags": ["USERPTR"]}
                    """, """
                    {"line": 1, "op": "alloc_batch", "ret": -22, "errno": "EINVAL"}
                    {"line": 2, "op": "alloc_batch", "ret": -22, "errno": "EINVAL"}
                    {"line": 3, "op": "alloc_batch", "ret": -22, "errno": "EINVAL"}
                    {"line": 4, "op": "alloc_batch", "ret": -22, "errno": "EINVAL"}
                    """);
        }

        @Test
        void sizesNotSummingToTheTotalAreEinval() {
            expectLast("""
                    {"op": "alloc_batch", "gpu_id": 1, "va_addr": 0, "total_size": 12288, "ranges": [{"start": "0x10000000", "size": 4096}, {"start": "0x10002000", "size": 4096}], "flags": ["USERPTR"]}
                    """, """
                    {"line": 1, "op": "alloc_batch", "ret": -22, "errno": "EINVAL"}
                    """);
        }

        @Test
        void theGpuVaIsCheckedAgainstSvmOnlyWhenNonZero() {
            expectLast(MMAP + SVM + """
                    {"op": "mmap", "start": "0x40000000", "size": "512MiB"}
                    {"op": "alloc_batch", "gpu_id": 1, "va_addr": "0x10000000", "total_size": 4096, "ranges": [{"start": "0x40000000", "size": 4096}], "flags": ["USERPTR"]}
                    {"op": "alloc_batch", "gpu_id": 1, "va_addr": 0, "total_size": "512MiB", "ranges": [{"start": "0x40000000", "size": "512MiB"}], "flags": ["USERPTR"]}
                    """, """
                    {"line": 4, "op": "alloc_batch", "ret": -98, "errno": "EADDRINUSE"}
                    {"line": 5, "op": "alloc_batch", "ret": 0, "handle": "0x100000000"}
                    """);
        }

        @Test
        void aRangeInAnSvmRangeIsEaddrinuseBeforeTheGpuIdIsLookedAt() {
            expectLast(MMAP + SVM + """
                    {"op": "alloc_batch", "gpu_id": 5, "va_addr": "0x200000000", "total_size": 8192, "ranges": [{"start": "0x12000000", "size": 4096}, {"start": "0x10001000", "size": 4096}], "flags": ["USERPTR"]}
                    """, """
                    {"line": 3, "op": "alloc_batch", "ret": -98, "errno": "EADDRINUSE"}
                    """);
        }

        @Test
        void anUnknownGpuIsEinvalAndAnUnacquiredVmEnodev() {
            expectLast("""
                    {"op": "env", "gpu_ids": [1, 2], "vm_not_acquired": [2]}
                    {"op": "alloc_batch", "gpu_id": 3, "va_addr": 0, "total_size": 4096, "ranges": [{"start": "0x10000000", "size": 4096}], "flags": ["USERPTR"]}
                    {"op": "alloc_batch", "gpu_id": 2, "va_addr": 0, "total_size": 4096, "ranges": [{"start": "0x10000000", "size": 4096}], "flags": ["USERPTR"]}
                    """, """
                    {"line": 2, "op": "alloc_batch", "ret": -22, "errno": "EINVAL"}
                    {"line": 3, "op": "alloc_batch", "ret": -19, "errno": "ENODEV"}
                    """);
        }

        @Test
        void aqlQueueMemoryAndVramAreEinvalAfterTheDeviceChecks() {
            expectLast("""
                    {"op": "env", "gpu_ids": [1, 2], "vm_not_acquired": [2]}
                    {"op": "mmap", "start": "0x10000000", "size": "64MiB"}
                    {"op": "alloc_batch", "gpu_id": 2, "va_addr": 0, "total_size": 4096, "ranges": [{"start": "0x10000000", "size": 4096}], "flags": ["USERPTR", "AQL_QUEUE_MEM"]}
                    {"op": "alloc_batch", "gpu_id": 1, "va_addr": 0, "total_size": 4096, "ranges": [{"start": "0x10000000", "size": 4096}], "flags": ["USERPTR", "AQL_QUEUE_MEM"]}
                    {"op": "alloc_batch", "gpu_id": 1, "va_addr": 0, "total_size": 4096, "ranges": [{"start": "0x10000000", "size": 4096}], "flags": ["USERPTR", "VRAM"]}
                    """, """
                    {"line": 3, "op": "alloc_batch", "ret": -19, "errno": "ENODEV"}
                    {"line": 4, "op": "alloc_batch", "ret": -22, "errno": "EINVAL"}
                    {"line": 5, "op": "alloc_batch", "ret": -22, "errno": "EINVAL"}
                    """);
        }

        @Test
        void aBatchPastTheSystemMemoryLimitIsEnomem() {
            expectLast("""
                    {"op": "env", "host_ram": "4GiB"}
                    {"op": "mmap", "start": "0x10000000", "size": "3GiB"}
                    {"op": "alloc_batch", "gpu_id": 1, "va_addr": 0, "total_size": "2500MiB", "ranges": [{"start": "0x10000000", "size": "2000MiB"}, {"start": "0x90000000", "size": "500MiB"}], "flags": ["USERPTR"]}
                    """, """
                    {"line": 3, "op": "alloc_batch", "ret": -12, "errno": "ENOMEM"}
                    """);
        }

        @Test
        void aFaultingRangeFailsTheBatchWithEfaultAndRemovesEveryNotifier() {
            expectLast(MMAP + """
                    {"op": "alloc_batch", "gpu_id": 1, "va_addr": 0, "total_size": 12288, "ranges": [{"start": "0x10000000", "size": 4096}, {"start": "0x10002000", "size": 4096}, {"start": "0x50000000", "size": 4096}], "flags": ["USERPTR"]}
                    {"op": "state"}
                    """, """
                    {"line": 2, "op": "alloc_batch", "ret": -14, "errno": "EFAULT"}
                    """ + emptyState(3));
        }

        @Test
        void gttUserptrIsChargedAsGttAndEveryRangeGetsItsNotifier() {
            expectLast(MMAP + """
                    {"op": "alloc_batch", "gpu_id": 1, "va_addr": "0x200000000", "total_size": 12288, "ranges": [{"start": "0x10000000", "size": 4096}, {"start": "0x10002000", "size": 4096}, {"start": "0x10008000", "size": 4096}], "flags": ["USERPTR", "GTT"]}
                    {"op": "state"}
                    """, """
                    {"line": 2, "op": "alloc_batch", "ret": 0, "handle": "0x100000000"}
                    {"line": 3, "op": "state", "time_ns": 0, "system_mem_used": 12288, "evicted_bos": 0, "queues_active": true, "queue_evict_count": 0, "restore_scheduled_at_ns": null, "notifiers": 3, "bos": [{"handle": "0x100000000", "invalid": 0, "on_inval_list": false, "mapped": 0, "ranges": 3}]}
                    """);
        }

        @Test
        void aRangeWrappingTheAddressSpaceFailsItsNotifierWithEoverflow() {
            // the sizes wrap to a total of 4096, which the sum check accepts (3.6)
            expectLast(MMAP + """
                    {"op": "alloc_batch", "gpu_id": 1, "va_addr": 0, "total_size": 4096, "ranges": [{"start": "0x10000000", "size": "0xfffffffff0001000"}, {"start": "0x10000000", "size": "0x10000000"}], "flags": ["USERPTR"]}
                    {"op": "state"}
                    """, """
                    {"line": 2, "op": "alloc_batch", "ret": -75, "errno": "EOVERFLOW"}
                    """ + emptyState(3));
        }
    }

    @Nested
    class BatchV4 {

        static final String RANGES = "\"ranges\": [{\"start\": \"0x10000000\", \"size\": 4096}, {\"start\": \"0x10002000\", \"size\": 4096}]";

        static String alloc(String extra) {
            return "{\"op\": \"alloc\", \"gpu_id\": 1, \"va_addr\": \"0x200000000\", \"size\": 8192, \"mmap_offset\": \"0x7fff00000000\", "
                    + "\"flags\": [\"USERPTR\", \"USERPTR_BATCH\"], " + RANGES + extra + "}\n";
        }

        @Test
        void aBatchGetsOneNotifierOverItsSpanAndMmapOffsetZero() {
            expectLast(MMAP + alloc("") + EMPTY_STATE, """
                    {"line": 2, "op": "alloc", "ret": 0, "handle": "0x100000000", "mmap_offset": "0x0"}
                    {"line": 3, "op": "state", "time_ns": 0, "system_mem_used": 8192, "evicted_bos": 0, "queues_active": true, "queue_evict_count": 0, "restore_scheduled_at_ns": null, "notifiers": 1, "bos": [{"handle": "0x100000000", "invalid": 0, "on_inval_list": false, "mapped": 0, "ranges": 2}]}
                    """);
        }

        @Test
        void sizeZeroAndASecondaryContextComeFirst() {
            expectLast("""
                    {"op": "env", "primary_context": false}
                    {"op": "alloc", "gpu_id": 1, "va_addr": 0, "size": 0, "mmap_offset": 0, "flags": ["USERPTR", "USERPTR_BATCH"]}
                    {"op": "alloc", "gpu_id": 1, "va_addr": 0, "size": 4096, "mmap_offset": 0, "flags": ["USERPTR", "USERPTR_BATCH"]}
                    """, """
                    {"line": 2, "op": "alloc", "ret": -22, "errno": "EINVAL"}
                    {"line": 3, "op": "alloc", "ret": -95, "errno": "EOPNOTSUPP"}
                    """);
        }

        @Test
        void aNullRangesDataPointerIsEinval() {
            expectLast("""
                    {"op": "alloc", "gpu_id": 1, "va_addr": 0, "size": 4096, "mmap_offset": 0, "flags": ["USERPTR", "USERPTR_BATCH"]}
                    """, """
                    {"line": 1, "op": "alloc", "ret": -22, "errno": "EINVAL"}
                    """);
        }

        @Test
        void anUnreadableHeaderIsEfault() {
            expectLast(MMAP + alloc(", \"ranges_readable\": false"), """
                    {"line": 2, "op": "alloc", "ret": -14, "errno": "EFAULT"}
                    """);
        }

        @Test
        void zeroRangesOrANonZeroReservedFieldIsEinval() {
            expectLast(MMAP + """
                    {"op": "alloc", "gpu_id": 1, "va_addr": 0, "size": 8192, "mmap_offset": "0x7fff00000000", "flags": ["USERPTR", "USERPTR_BATCH"], "ranges": []}
                    """ + alloc(", \"reserved\": 1"), """
                    {"line": 2, "op": "alloc", "ret": -22, "errno": "EINVAL"}
                    {"line": 3, "op": "alloc", "ret": -22, "errno": "EINVAL"}
                    """);
        }

        @Test
        void aHeaderCountKvmallocCannotHoldIsEnomemAndOnePastTheDataEfault() {
            expectLast(MMAP + alloc(", \"num_ranges\": 134217728") + alloc(", \"num_ranges\": 3"), """
                    {"line": 2, "op": "alloc", "ret": -12, "errno": "ENOMEM"}
                    {"line": 3, "op": "alloc", "ret": -14, "errno": "EFAULT"}
                    """);
        }

        @Test
        void badRangesOrAWrongSumAreEinval() {
            expectLast(MMAP + """
                    {"op": "alloc", "gpu_id": 1, "va_addr": 0, "size": 4096, "mmap_offset": "0x7fff00000000", "flags": ["USERPTR", "USERPTR_BATCH"], "ranges": [{"start": "0x10000001", "size": 4096}]}
                    {"op": "alloc", "gpu_id": 1, "va_addr": 0, "size": 4096, "mmap_offset": "0x7fff00000000", "flags": ["USERPTR", "USERPTR_BATCH"], "ranges": [{"start": "0x10000000", "size": 8192}]}
                    """, """
                    {"line": 2, "op": "alloc", "ret": -22, "errno": "EINVAL"}
                    {"line": 3, "op": "alloc", "ret": -22, "errno": "EINVAL"}
                    """);
        }

        @Test
        void theGpuVaIsCheckedAgainstSvmEvenWhenZero() {
            expectLast(MMAP + SVM + """
                    {"op": "mmap", "start": "0x40000000", "size": "512MiB"}
                    {"op": "alloc", "gpu_id": 1, "va_addr": 0, "size": "512MiB", "mmap_offset": "0x7fff00000000", "flags": ["USERPTR", "USERPTR_BATCH"], "ranges": [{"start": "0x40000000", "size": "512MiB"}]}
                    """, """
                    {"line": 4, "op": "alloc", "ret": -98, "errno": "EADDRINUSE"}
                    """);
        }

        @Test
        void eachRangeIsCheckedAgainstSvmButNotTheRangesDataPointer() {
            expectLast(MMAP + SVM + """
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": 4096, "mmap_offset": "0x7fff00000000", "flags": ["USERPTR", "USERPTR_BATCH"], "ranges": [{"start": "0x10001000", "size": 4096}]}
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": 4096, "mmap_offset": "0x10001000", "flags": ["USERPTR", "USERPTR_BATCH"], "ranges": [{"start": "0x12000000", "size": 4096}]}
                    """, """
                    {"line": 3, "op": "alloc", "ret": -98, "errno": "EADDRINUSE"}
                    {"line": 4, "op": "alloc", "ret": 0, "handle": "0x100000000", "mmap_offset": "0x0"}
                    """);
        }

        @Test
        void thenTheSingleAllocDeviceChecksApply() {
            expectLast("""
                    {"op": "env", "gpu_ids": [1, 2], "vm_not_acquired": [2]}
                    {"op": "mmap", "start": "0x10000000", "size": "64MiB"}
                    {"op": "alloc", "gpu_id": 3, "va_addr": 0, "size": 4096, "mmap_offset": "0x7fff00000000", "flags": ["USERPTR", "USERPTR_BATCH"], "ranges": [{"start": "0x10000000", "size": 4096}]}
                    {"op": "alloc", "gpu_id": 2, "va_addr": 0, "size": 4096, "mmap_offset": "0x7fff00000000", "flags": ["USERPTR", "USERPTR_BATCH"], "ranges": [{"start": "0x10000000", "size": 4096}]}
                    {"op": "alloc", "gpu_id": 1, "va_addr": 0, "size": 4096, "mmap_offset": "0x7fff00000000", "flags": ["USERPTR", "USERPTR_BATCH", "DOORBELL"], "ranges": [{"start": "0x10000000", "size": 4096}]}
                    {"op": "alloc", "gpu_id": 1, "va_addr": 0, "size": 4096, "mmap_offset": "0x7fff00000000", "flags": ["USERPTR", "USERPTR_BATCH", "AQL_QUEUE_MEM"], "ranges": [{"start": "0x10000000", "size": 4096}]}
                    {"op": "alloc", "gpu_id": 1, "va_addr": 0, "size": 4096, "mmap_offset": "0x7fff00000000", "flags": ["USERPTR", "USERPTR_BATCH", "VRAM"], "ranges": [{"start": "0x10000000", "size": 4096}]}
                    """, """
                    {"line": 3, "op": "alloc", "ret": -22, "errno": "EINVAL"}
                    {"line": 4, "op": "alloc", "ret": -19, "errno": "ENODEV"}
                    {"line": 5, "op": "alloc", "ret": -22, "errno": "EINVAL"}
                    {"line": 6, "op": "alloc", "ret": -22, "errno": "EINVAL"}
                    {"line": 7, "op": "alloc", "ret": -22, "errno": "EINVAL"}
                    """);
        }

        @Test
        void aFaultingRangeFailsTheBatchAndRemovesItsNotifier() {
            expectLast(MMAP + """
                    {"op": "alloc", "gpu_id": 1, "va_addr": 0, "size": 8192, "mmap_offset": "0x7fff00000000", "flags": ["USERPTR", "USERPTR_BATCH"], "ranges": [{"start": "0x10000000", "size": 4096}, {"start": "0x50000000", "size": 4096}]}
                    """ + EMPTY_STATE, """
                    {"line": 2, "op": "alloc", "ret": -14, "errno": "EFAULT"}
                    """ + emptyState(3));
        }

        @Test
        void userptrBatchWithoutUserptrIsIgnored() {
            expectLast("""
                    {"op": "alloc", "gpu_id": 1, "va_addr": 0, "size": 4096, "mmap_offset": 0, "flags": ["GTT", "USERPTR_BATCH"]}
                    """, """
                    {"line": 1, "op": "alloc", "ret": 0, "handle": "0x100000000", "mmap_offset": "0x100000000"}
                    """);
        }
    }

    @Nested
    class FreeMapUnmap {

        static final String MAP = """
                {"op": "map", "handle": "0x100000000", "devices": [1]}
                """;

        @Test
        void freeingTheSignalBoIsEperm() {
            expectLast("""
                    {"op": "env", "signal_handle": "0x100000000"}
                    {"op": "alloc", "gpu_id": 1, "va_addr": 0, "size": 4096, "flags": ["GTT"]}
                    {"op": "free", "handle": "0x100000000"}
                    """, """
                    {"line": 3, "op": "free", "ret": -1, "errno": "EPERM"}
                    """);
        }

        @Test
        void freeingOnAnUnknownGpuOrAnUnknownIdrIsEinval() {
            expectLast("""
                    {"op": "free", "handle": "0x200000000"}
                    {"op": "free", "handle": "0x100000000"}
                    """, """
                    {"line": 1, "op": "free", "ret": -22, "errno": "EINVAL"}
                    {"line": 2, "op": "free", "ret": -22, "errno": "EINVAL"}
                    """);
        }

        @Test
        void freeingAMappedBoIsEbusyAndKeepsIt() {
            expectLast(MMAP + USERPTR + MAP + """
                    {"op": "free", "handle": "0x100000000"}
                    {"op": "state"}
                    """, """
                    {"line": 4, "op": "free", "ret": -16, "errno": "EBUSY"}
                    {"line": 5, "op": "state", "time_ns": 0, "system_mem_used": 8192, "evicted_bos": 0, "queues_active": true, "queue_evict_count": 0, "restore_scheduled_at_ns": null, "notifiers": 1, "bos": [{"handle": "0x100000000", "invalid": 0, "on_inval_list": false, "mapped": 1, "ranges": 1}]}
                    """);
        }

        @Test
        void aFreedIdrIsTheNextOneHandedOut() {
            expectLast("""
                    {"op": "alloc", "gpu_id": 1, "va_addr": 0, "size": 4096, "flags": ["GTT"]}
                    {"op": "alloc", "gpu_id": 1, "va_addr": 0, "size": 4096, "flags": ["GTT"]}
                    {"op": "alloc", "gpu_id": 1, "va_addr": 0, "size": 4096, "flags": ["GTT"]}
                    {"op": "free", "handle": "0x100000001"}
                    {"op": "alloc", "gpu_id": 1, "va_addr": 0, "size": 4096, "flags": ["GTT"]}
                    {"op": "alloc", "gpu_id": 1, "va_addr": 0, "size": 4096, "flags": ["GTT"]}
                    """, """
                    {"line": 4, "op": "free", "ret": 0}
                    {"line": 5, "op": "alloc", "ret": 0, "handle": "0x100000001", "mmap_offset": "0x100001000"}
                    {"line": 6, "op": "alloc", "ret": 0, "handle": "0x100000003", "mmap_offset": "0x100003000"}
                    """);
        }

        @Test
        void mapArgumentChecksComeBeforeTheHandle() {
            expectLast("""
                    {"op": "map", "handle": "0x900000000", "devices": []}
                    {"op": "map", "handle": "0x900000000", "devices": [1], "n_success": 2}
                    {"op": "map", "handle": "0x900000000", "devices": [1], "n_devices": 2097152}
                    {"op": "map", "handle": "0x900000000", "devices": [1], "devices_readable": false}
                    {"op": "map", "handle": "0x900000000", "devices": [1]}
                    """, """
                    {"line": 1, "op": "map", "ret": -22, "errno": "EINVAL"}
                    {"line": 2, "op": "map", "ret": -22, "errno": "EINVAL"}
                    {"line": 3, "op": "map", "ret": -12, "errno": "ENOMEM"}
                    {"line": 4, "op": "map", "ret": -14, "errno": "EFAULT"}
                    {"line": 5, "op": "map", "ret": -22, "errno": "EINVAL"}
                    """);
        }

        @Test
        void mappingOnADeviceWithoutVmIsEnodevAndAnUnknownIdrEnomem() {
            expectLast("""
                    {"op": "env", "gpu_ids": [1, 2], "vm_not_acquired": [2]}
                    {"op": "map", "handle": "0x200000000", "devices": [2]}
                    {"op": "map", "handle": "0x100000005", "devices": [1]}
                    """, """
                    {"line": 2, "op": "map", "ret": -19, "errno": "ENODEV"}
                    {"line": 3, "op": "map", "ret": -12, "errno": "ENOMEM"}
                    """);
        }

        @Test
        void anUnknownOrUnboundPeerStopsTheMapWhereItIs() {
            expectLast("""
                    {"op": "env", "gpu_ids": [1, 2], "vm_not_acquired": [2]}
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": 4096, "flags": ["GTT"]}
                    {"op": "map", "handle": "0x100000000", "devices": [1, 7]}
                    {"op": "map", "handle": "0x100000000", "devices": [1, 2]}
                    {"op": "state"}
                    """, """
                    {"line": 3, "op": "map", "ret": -22, "errno": "EINVAL", "n_success": 1}
                    {"line": 4, "op": "map", "ret": -19, "errno": "ENODEV", "n_success": 1}
                    {"line": 5, "op": "state", "time_ns": 0, "system_mem_used": 4096, "evicted_bos": 0, "queues_active": true, "queue_evict_count": 0, "restore_scheduled_at_ns": null, "notifiers": 0, "bos": [{"handle": "0x100000000", "invalid": 0, "on_inval_list": false, "mapped": 1, "ranges": 0}]}
                    """);
        }

        @Test
        void mappingResumesFromNSuccessAndAMappedDeviceIsNotMappedTwice() {
            expectLast("""
                    {"op": "env", "gpu_ids": [1, 2]}
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": 4096, "flags": ["GTT"]}
                    {"op": "map", "handle": "0x100000000", "devices": [1, 2], "n_success": 1}
                    {"op": "map", "handle": "0x100000000", "devices": [1, 2]}
                    {"op": "state"}
                    """, """
                    {"line": 3, "op": "map", "ret": 0, "n_success": 2}
                    {"line": 4, "op": "map", "ret": 0, "n_success": 2}
                    {"line": 5, "op": "state", "time_ns": 0, "system_mem_used": 4096, "evicted_bos": 0, "queues_active": true, "queue_evict_count": 0, "restore_scheduled_at_ns": null, "notifiers": 0, "bos": [{"handle": "0x100000000", "invalid": 0, "on_inval_list": false, "mapped": 2, "ranges": 0}]}
                    """);
        }

        @Test
        void aGpuVaOverlappingAnotherMappingOrOutOfRangeIsEinvalAtMap() {
            expectLast("""
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": 8192, "flags": ["GTT"]}
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x200001000", "size": 4096, "flags": ["GTT"]}
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000800", "size": 4096, "flags": ["GTT"]}
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0xfffffffff000", "size": 8192, "flags": ["GTT"]}
                    {"op": "map", "handle": "0x100000000", "devices": [1]}
                    {"op": "map", "handle": "0x100000001", "devices": [1]}
                    {"op": "map", "handle": "0x100000002", "devices": [1]}
                    {"op": "map", "handle": "0x100000003", "devices": [1]}
                    """, """
                    {"line": 5, "op": "map", "ret": 0, "n_success": 1}
                    {"line": 6, "op": "map", "ret": -22, "errno": "EINVAL"}
                    {"line": 7, "op": "map", "ret": -22, "errno": "EINVAL"}
                    {"line": 8, "op": "map", "ret": -22, "errno": "EINVAL"}
                    """);
        }

        @Test
        void unmapChecksTheHandleThenEachPeerThenWhetherItIsMapped() {
            expectLast("""
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": 4096, "flags": ["GTT"]}
                    {"op": "unmap", "handle": "0x100000000", "devices": []}
                    {"op": "unmap", "handle": "0x200000000", "devices": [1]}
                    {"op": "unmap", "handle": "0x100000009", "devices": [1]}
                    {"op": "unmap", "handle": "0x100000000", "devices": [4]}
                    {"op": "unmap", "handle": "0x100000000", "devices": [1]}
                    {"op": "map", "handle": "0x100000000", "devices": [1]}
                    {"op": "unmap", "handle": "0x100000000", "devices": [1]}
                    {"op": "free", "handle": "0x100000000"}
                    """, """
                    {"line": 2, "op": "unmap", "ret": -22, "errno": "EINVAL"}
                    {"line": 3, "op": "unmap", "ret": -22, "errno": "EINVAL"}
                    {"line": 4, "op": "unmap", "ret": -12, "errno": "ENOMEM"}
                    {"line": 5, "op": "unmap", "ret": -22, "errno": "EINVAL"}
                    {"line": 6, "op": "unmap", "ret": -22, "errno": "EINVAL"}
                    {"line": 7, "op": "map", "ret": 0, "n_success": 1}
                    {"line": 8, "op": "unmap", "ret": 0, "n_success": 1}
                    {"line": 9, "op": "free", "ret": 0}
                    """);
        }
    }

    @Nested
    class NotChecked {

        @Test
        void overlappingRangesInOneV2BatchAreAcceptedAndBothNotifiersFire() {
            expectLast(MMAP + """
                    {"op": "alloc_batch", "gpu_id": 1, "va_addr": "0x200000000", "total_size": 8192, "ranges": [{"start": "0x10000000", "size": 4096}, {"start": "0x10000000", "size": 4096}], "flags": ["USERPTR"]}
                    {"op": "invalidate", "start": "0x10000000", "size": 4096}
                    {"op": "state"}
                    """, """
                    {"line": 2, "op": "alloc_batch", "ret": 0, "handle": "0x100000000"}
                    {"line": 3, "op": "invalidate", "ret": 0, "notified": 2}
                    {"line": 4, "op": "state", "time_ns": 0, "system_mem_used": 8192, "evicted_bos": 2, "queues_active": false, "queue_evict_count": 1, "restore_scheduled_at_ns": 1100000, "notifiers": 2, "bos": [{"handle": "0x100000000", "invalid": 2, "on_inval_list": false, "mapped": 0, "ranges": 2}]}
                    """);
        }

        @Test
        void overlappingRangesInOneV4BatchAreAccepted() {
            expectLast(MMAP + """
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": 8192, "mmap_offset": "0x7fff00000000", "flags": ["USERPTR", "USERPTR_BATCH"], "ranges": [{"start": "0x10000000", "size": 4096}, {"start": "0x10000000", "size": 4096}]}
                    """, """
                    {"line": 2, "op": "alloc", "ret": 0, "handle": "0x100000000", "mmap_offset": "0x0"}
                    """);
        }

        @Test
        void aUserptrOverlappingAnotherUserptrIsAccepted() {
            expectLast(MMAP + USERPTR + """
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x300000000", "size": 4096, "mmap_offset": "0x10001000", "flags": ["USERPTR"]}
                    {"op": "alloc_batch", "gpu_id": 1, "va_addr": "0x400000000", "total_size": 4096, "ranges": [{"start": "0x10001000", "size": 4096}], "flags": ["USERPTR"]}
                    """, """
                    {"line": 3, "op": "alloc", "ret": 0, "handle": "0x100000001", "mmap_offset": "0x100002000"}
                    {"line": 4, "op": "alloc_batch", "ret": 0, "handle": "0x100000002"}
                    """);
        }

        @Test
        void aGpuVaOverlappingAnotherBoIsOnlyRefusedAtMap() {
            expectLast("""
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": 4096, "flags": ["GTT"]}
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": 4096, "flags": ["GTT"]}
                    {"op": "map", "handle": "0x100000000", "devices": [1]}
                    {"op": "map", "handle": "0x100000001", "devices": [1]}
                    """, """
                    {"line": 2, "op": "alloc", "ret": 0, "handle": "0x100000001", "mmap_offset": "0x100001000"}
                    {"line": 3, "op": "map", "ret": 0, "n_success": 1}
                    {"line": 4, "op": "map", "ret": -22, "errno": "EINVAL"}
                    """);
        }

        @Test
        void sizesWhoseSumWrapsToTheTotalPassTheChecksAndFailOnlyAtTheFault() {
            expectLast(MMAP + """
                    {"op": "alloc_batch", "gpu_id": 1, "va_addr": 0, "total_size": 4096, "ranges": [{"start": "0x10000000", "size": "0xfffffffff0000000"}, {"start": "0x10000000", "size": "0x10001000"}], "flags": ["USERPTR"]}
                    {"op": "alloc", "gpu_id": 1, "va_addr": 0, "size": 4096, "mmap_offset": "0x7fff00000000", "flags": ["USERPTR", "USERPTR_BATCH"], "ranges": [{"start": "0x10000000", "size": "0xfffffffff0001000"}, {"start": "0x10000000", "size": "0x10000000"}]}
                    """ + EMPTY_STATE, """
                    {"line": 2, "op": "alloc_batch", "ret": -22, "errno": "EINVAL"}
                    {"line": 3, "op": "alloc", "ret": -22, "errno": "EINVAL"}
                    """ + emptyState(4));
        }

        @Test
        void thousandsOfRangesAreAccepted() {
            StringBuilder ranges = new StringBuilder();
            for (int i = 0; i < 5000; i++) {
                if (i > 0) ranges.append(", ");
                ranges.append("{\"start\": ").append(0x10000000L + i * 8192L).append(", \"size\": 4096}");
            }
            expectLast(MMAP + "{\"op\": \"alloc_batch\", \"gpu_id\": 1, \"va_addr\": 0, \"total_size\": " + 5000 * 4096
                    + ", \"ranges\": [" + ranges + "], \"flags\": [\"USERPTR\"]}\n", """
                    {"line": 2, "op": "alloc_batch", "ret": 0, "handle": "0x100000000"}
                    """);
        }

        @Test
        void anUnalignedSingleUserptrIsAccepted() {
            expectLast(MMAP + """
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": 5000, "mmap_offset": "0x10000010", "flags": ["USERPTR"]}
                    """, """
                    {"line": 2, "op": "alloc", "ret": 0, "handle": "0x100000000", "mmap_offset": "0x100000000"}
                    """);
        }
    }

    @Nested
    class Dispatcher {

        @Test
        void commandsOutsideTheRangeAreEnotty() {
            expectLast("""
                    {"op": "ioctl", "cmd": "0xC0104B29"}
                    {"op": "ioctl", "cmd": "0x4B00"}
                    {"op": "ioctl", "cmd": "0xC00C4BFF"}
                    """, """
                    {"line": 1, "op": "ioctl", "ret": -25, "errno": "ENOTTY"}
                    {"line": 2, "op": "ioctl", "ret": -25, "errno": "ENOTTY"}
                    {"line": 3, "op": "ioctl", "ret": -25, "errno": "ENOTTY"}
                    """);
        }

        @Test
        void aCommandWhoseStructCopyFaultsIsEfault() {
            expectLast("""
                    {"op": "ioctl", "cmd": "0xC0284B16"}
                    {"op": "ioctl", "cmd": "0x80084B01"}
                    {"op": "ioctl", "cmd": "0xC0204B02"}
                    """, """
                    {"line": 1, "op": "ioctl", "ret": -14, "errno": "EFAULT"}
                    {"line": 2, "op": "ioctl", "ret": -14, "errno": "EFAULT"}
                    {"line": 3, "op": "ioctl", "ret": -14, "errno": "EFAULT"}
                    """);
        }

        @Test
        void aZeroSizeCommandRunsTheHandlerOnZeroedArguments() {
            expectLast("""
                    {"op": "ioctl", "cmd": "0x4B16"}
                    {"op": "ioctl", "cmd": "0x4B28"}
                    {"op": "ioctl", "cmd": "0x4B17"}
                    {"op": "ioctl", "cmd": "0x4B01"}
                    """, """
                    {"line": 1, "op": "ioctl", "ret": -22, "errno": "EINVAL"}
                    {"line": 2, "op": "ioctl", "ret": -22, "errno": "EINVAL"}
                    {"line": 3, "op": "ioctl", "ret": -22, "errno": "EINVAL"}
                    {"line": 4, "op": "ioctl", "ret": 0}
                    """);
        }

        @Test
        void aHandlerTheModelLacksIsAnErrorLine() {
            expectLast("""
                    {"op": "ioctl", "cmd": "0x4B27"}
                    """, """
                    {"line": 1, "error": "AMDKFD_IOC_CREATE_PROCESS (nr 0x27) would run its handler, which the model does not implement"}
                    """);
        }
    }
}
