package dev.scatterbatch.host.replay;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static dev.scatterbatch.host.replay.Traces.expectLast;

/**
 * CREATE_QUEUE, UPDATE_QUEUE and DESTROY_QUEUE: each check of {@code kfd_ioctl_create_queue},
 * {@code set_queue_properties_from_user}, {@code kfd_queue_acquire_buffers} and {@code pqm_create_queue} in the
 * kernel's order, and the queue buffer references that make UNMAP fail with -EBUSY until DESTROY_QUEUE.
 */
class ReplayQueueTest {

    /** A userptr ring (64 KiB), a GTT page holding wptr and rptr, an EOP page and a save area, all mapped on GPU 1. */
    static final String BUFFERS = """
            {"op": "mmap", "start": "0x10000000", "size": "64MiB"}
            {"op": "alloc", "gpu_id": 1, "va_addr": "0x10000000", "size": 65536, "mmap_offset": "0x10000000", "flags": ["USERPTR", "WRITABLE"], "as": "ring"}
            {"op": "map", "handle": "$ring", "devices": [1]}
            {"op": "alloc", "gpu_id": 1, "va_addr": "0x20000000", "size": 4096, "flags": ["GTT", "WRITABLE"], "as": "ptrs"}
            {"op": "map", "handle": "$ptrs", "devices": [1]}
            {"op": "alloc", "gpu_id": 1, "va_addr": "0x20001000", "size": 4096, "flags": ["VRAM", "WRITABLE"], "as": "eop"}
            {"op": "map", "handle": "$eop", "devices": [1]}
            {"op": "alloc", "gpu_id": 1, "va_addr": "0x30000000", "size": "0x2c02000", "flags": ["VRAM", "WRITABLE"], "as": "cwsr"}
            {"op": "map", "handle": "$cwsr", "devices": [1]}
            """;
    /** Line 10 onwards. */
    static final int FIRST = 10;

    /** An AQL compute queue on {@link #BUFFERS} with {@code change} replacing or adding fields. */
    static String createQueue(String change) {
        String base = "\"ring_base_address\": \"0x10000000\", \"ring_size\": 65536, \"write_pointer_address\": \"0x20000000\", "
                + "\"read_pointer_address\": \"0x20000080\", \"gpu_id\": 1, \"queue_type\": 2, \"queue_percentage\": 100, "
                + "\"queue_priority\": 7, \"eop_buffer_address\": \"0x20001000\", \"eop_buffer_size\": 4096, "
                + "\"ctx_save_restore_address\": \"0x30000000\", \"ctx_save_restore_size\": \"0x2bea000\", \"ctl_stack_size\": \"0xa000\"";
        for (String kv : change.isEmpty() ? new String[0] : change.split(";")) {
            String key = kv.substring(0, kv.indexOf('=')).strip();
            String value = kv.substring(kv.indexOf('=') + 1).strip();
            base = base.replaceAll("\"" + key + "\": (\"[^\"]*\"|[0-9]+)", "\"" + key + "\": " + value);
            if (!base.contains("\"" + key + "\"")) base += ", \"" + key + "\": " + value;
        }
        return "{\"op\": \"create_queue\", " + base + "}\n";
    }

    static String created(int line, int queueId, long doorbell) {
        return "{\"line\": " + line + ", \"op\": \"create_queue\", \"ret\": 0, \"doorbell_offset\": \"0x"
                + Long.toHexString(doorbell) + "\", \"ring_size\": 65536, \"queue_id\": " + queueId + "}";
    }

    static String failed(int line, int ret, String errno, long ringSize) {
        return "{\"line\": " + line + ", \"op\": \"create_queue\", \"ret\": " + ret + ", \"errno\": \"" + errno
                + "\", \"doorbell_offset\": \"0x0\", \"ring_size\": " + ringSize + ", \"queue_id\": 0}";
    }

    @Nested
    class CreateChecksInKernelOrder {

        @Test
        void percentageOver100IsEinvalBeforeEverythingElse() {
            expectLast(createQueue("queue_percentage=101; queue_priority=16; gpu_id=9"), failed(1, -22, "EINVAL", 65536));
        }

        @Test
        void pm4TargetXccBitsAboveThePercentageAreNotChecked() {
            expectLast(BUFFERS + createQueue("queue_percentage=\"0x164\""), created(FIRST, 0, 0xc000400000000000L));
        }

        @Test
        void priorityOver15IsEinval() {
            expectLast(createQueue("queue_priority=16; gpu_id=9"), failed(1, -22, "EINVAL", 65536));
        }

        @Test
        void ringOutsideUserSpaceIsEfault() {
            expectLast(createQueue("ring_base_address=\"0x7ffffffffffc\"; ring_size=3"), failed(1, -14, "EFAULT", 3));
        }

        @Test
        void ringSizeNotAPowerOfTwoIsEinval() {
            expectLast(createQueue("ring_size=3000; gpu_id=9"), failed(1, -22, "EINVAL", 3000));
        }

        @Test
        void ringSmallerThan1KiBIsClampedAndWrittenBackEvenOnFailure() {
            expectLast(createQueue("ring_size=256; read_pointer_address=\"0xfffffffffffffff0\""), failed(1, -14, "EFAULT", 1024));
        }

        @Test
        void oldKernelsDoNotClampTheRing() {
            expectLast("{\"op\": \"env\", \"kernel\": \"6.12\"}\n" + createQueue("ring_size=256; read_pointer_address=\"0xfffffffffffffff0\""),
                    failed(2, -14, "EFAULT", 256));
        }

        @Test
        void readPointerThenWritePointerOutsideUserSpaceIsEfault() {
            expectLast(createQueue("write_pointer_address=\"0xfffffffffffffff0\"; queue_type=9"), failed(1, -14, "EFAULT", 65536));
        }

        @Test
        void eopAndSaveAreaOutsideUserSpaceAreEfault() {
            expectLast(createQueue("eop_buffer_address=\"0x800000000000\"; queue_type=9"), failed(1, -14, "EFAULT", 65536));
            expectLast(createQueue("ctx_save_restore_address=\"0x800000000000\"; queue_type=9"), failed(1, -14, "EFAULT", 65536));
        }

        @Test
        void unknownQueueTypeIsEnotsupp524() {
            expectLast(createQueue("queue_type=5; gpu_id=9"), failed(1, -524, "ENOTSUPP", 65536));
        }

        @Test
        void unknownGpuIsEinval() {
            expectLast(createQueue("gpu_id=9"), failed(1, -22, "EINVAL", 65536));
        }

        @Test
        void gpuWhoseVmWasNotAcquiredIsEsrch() {
            expectLast("{\"op\": \"env\", \"vm_not_acquired\": [1]}\n" + createQueue(""), failed(2, -3, "ESRCH", 65536));
        }

        @Test
        void sdmaEngineBeyondTheGpusIsEinval() {
            expectLast(createQueue("queue_type=4; sdma_engine_id=2"), failed(1, -22, "EINVAL", 65536));
        }

        @Test
        void writePointerWithoutAGpuMappingIsEinval() {
            expectLast(createQueue(""), failed(1, -22, "EINVAL", 65536));
        }

        @Test
        void readPointerInsideAMappingButNotAtItsStartIsAcceptedBecauseOnlyThePageCounts() {
            expectLast(BUFFERS + createQueue("read_pointer_address=\"0x20000ff8\""), created(FIRST, 0, 0xc000400000000000L));
        }

        @Test
        void ringWhoseMappingIsLargerThanTheRingIsEinval() {
            expectLast(BUFFERS + createQueue("ring_size=32768"), failed(FIRST, -22, "EINVAL", 32768));
        }

        @Test
        void sdmaQueuesNeedNoEopOrSaveArea() {
            expectLast(BUFFERS + createQueue("queue_type=1; eop_buffer_address=0; ctl_stack_size=0; ctx_save_restore_address=0"),
                    created(FIRST, 0, 0xc000400000000000L));
        }

        @Test
        void eopSmallerThanTheNodesIsEinvalAndLargerIsAcceptedInMainline() {
            expectLast(BUFFERS + createQueue("eop_buffer_size=2048"), failed(FIRST, -22, "EINVAL", 65536));
            expectLast(BUFFERS + createQueue("eop_buffer_size=4097"), failed(FIRST, -22, "EINVAL", 65536));
        }

        @Test
        void kernel612WantsTheExactEopSize() {
            expectLast("{\"op\": \"env\", \"kernel\": \"6.12\"}\n" + BUFFERS + createQueue("eop_buffer_size=8192"),
                    failed(FIRST + 1, -22, "EINVAL", 65536));
        }

        @Test
        void controlStackOfAnotherSizeIsEinval() {
            expectLast(BUFFERS + createQueue("ctl_stack_size=\"0x9000\""), failed(FIRST, -22, "EINVAL", 65536));
        }

        @Test
        void saveAreaSmallerThanTheNodesIsEinval() {
            expectLast(BUFFERS + createQueue("ctx_save_restore_size=\"0x2be9000\""), failed(FIRST, -22, "EINVAL", 65536));
        }

        @Test
        void saveAreaMappingOfAnotherSizeAndNoSvmRangeIsEinval() {
            expectLast(BUFFERS + createQueue("ctx_save_restore_size=\"0x2beb000\""), failed(FIRST, -22, "EINVAL", 65536));
        }

        @Test
        void saveAreaInAnSvmRangeIsAccepted() {
            expectLast(BUFFERS + """
                    {"op": "mmap", "start": "0x40000000", "size": "64MiB"}
                    {"op": "svm", "start": "0x40000000", "size": "0x2c02000"}
                    """ + createQueue("ctx_save_restore_address=\"0x40000000\""), created(FIRST + 2, 0, 0xc000400000000000L));
        }

        @Test
        void kernel54TakesNoBufferReferences() {
            expectLast("{\"op\": \"env\", \"kernel\": \"5.4\"}\n" + createQueue(""), created(2, 0, 0xc000400000000000L));
        }

        @Test
        void the128thQueueOnOneGpuIsEnospc() {
            StringBuilder t = new StringBuilder("{\"op\": \"env\", \"kernel\": \"5.4\"}\n");
            for (int i = 0; i < 128; i++) t.append(createQueue(""));
            expectLast(t.toString(), failed(129, -28, "ENOSPC", 65536));
        }

        @Test
        void failedCreateKeepsNoReference() {
            expectLast(BUFFERS + createQueue("ctl_stack_size=1") + """
                    {"op": "unmap", "handle": "$ring", "devices": [1]}
                    """, "{\"line\": 11, \"op\": \"unmap\", \"ret\": 0, \"n_success\": 1}");
        }
    }

    @Nested
    class BufferReferences {

        @Test
        void unmapOfAUserptrRingIsEbusyUntilDestroyQueue() {
            expectLast(BUFFERS + createQueue("") + """
                    {"op": "unmap", "handle": "$ring", "devices": [1]}
                    {"op": "free", "handle": "$ring"}
                    {"op": "destroy_queue", "queue_id": 0}
                    {"op": "unmap", "handle": "$ring", "devices": [1]}
                    {"op": "free", "handle": "$ring"}
                    """, """
                    {"line": 11, "op": "unmap", "ret": -16, "errno": "EBUSY"}
                    {"line": 12, "op": "free", "ret": -16, "errno": "EBUSY"}
                    {"line": 13, "op": "destroy_queue", "ret": 0}
                    {"line": 14, "op": "unmap", "ret": 0, "n_success": 1}
                    {"line": 15, "op": "free", "ret": 0}
                    """);
        }

        @Test
        void twoQueuesSharingThePointerPageHoldTwoReferences() {
            expectLast(BUFFERS + """
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x50000000", "size": 65536, "flags": ["GTT"], "as": "ring2"}
                    {"op": "map", "handle": "$ring2", "devices": [1]}
                    """ + createQueue("") + createQueue("ring_base_address=\"0x50000000\"") + """
                    {"op": "destroy_queue", "queue_id": 0}
                    {"op": "unmap", "handle": "$ptrs", "devices": [1]}
                    {"op": "destroy_queue", "queue_id": 1}
                    {"op": "unmap", "handle": "$ptrs", "devices": [1]}
                    """, """
                    {"line": 15, "op": "unmap", "ret": -16, "errno": "EBUSY"}
                    {"line": 16, "op": "destroy_queue", "ret": 0}
                    {"line": 17, "op": "unmap", "ret": 0, "n_success": 1}
                    """);
        }

        @Test
        void queueIdsAndDoorbellsAreReusedLowestFirst() {
            expectLast(BUFFERS + createQueue("") + createQueue("") + """
                    {"op": "destroy_queue", "queue_id": 0}
                    """ + createQueue(""), created(13, 0, 0xc000400000000000L));
        }

        @Test
        void destroyOfAnUnknownQueueIsEinval() {
            expectLast("""
                    {"op": "destroy_queue", "queue_id": 3}
                    """, """
                    {"line": 1, "op": "destroy_queue", "ret": -22, "errno": "EINVAL"}
                    """);
        }
    }

    @Nested
    class Update {

        @Test
        void percentagePriorityRingAndSizeAreCheckedAsAtCreate() {
            expectLast("""
                    {"op": "update_queue", "queue_id": 0, "queue_percentage": 101}
                    {"op": "update_queue", "queue_id": 0, "queue_priority": 16}
                    {"op": "update_queue", "queue_id": 0, "ring_base_address": "0xfffffffffffffff0"}
                    {"op": "update_queue", "queue_id": 0, "ring_size": 3}
                    """, """
                    {"line": 1, "op": "update_queue", "ret": -22, "errno": "EINVAL"}
                    {"line": 2, "op": "update_queue", "ret": -22, "errno": "EINVAL"}
                    {"line": 3, "op": "update_queue", "ret": -14, "errno": "EFAULT"}
                    {"line": 4, "op": "update_queue", "ret": -22, "errno": "EINVAL"}
                    """);
        }

        @Test
        void unknownQueueIsEfault() {
            expectLast("""
                    {"op": "update_queue", "queue_id": 0, "ring_size": 1024}
                    """, """
                    {"line": 1, "op": "update_queue", "ret": -14, "errno": "EFAULT"}
                    """);
        }

        @Test
        void newRingMustBeOneMappingOfItsSizeAndTakesTheReference() {
            expectLast(BUFFERS + """
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x50000000", "size": 65536, "flags": ["GTT"], "as": "ring2"}
                    {"op": "map", "handle": "$ring2", "devices": [1]}
                    """ + createQueue("") + """
                    {"op": "update_queue", "queue_id": 0, "ring_base_address": "0x50000000", "ring_size": 32768, "queue_percentage": 100}
                    {"op": "update_queue", "queue_id": 0, "ring_base_address": "0x50000000", "ring_size": 65536, "queue_percentage": 100}
                    {"op": "unmap", "handle": "$ring", "devices": [1]}
                    {"op": "unmap", "handle": "$ring2", "devices": [1]}
                    """, """
                    {"line": 13, "op": "update_queue", "ret": -14, "errno": "EFAULT"}
                    {"line": 14, "op": "update_queue", "ret": 0}
                    {"line": 15, "op": "unmap", "ret": 0, "n_success": 1}
                    {"line": 16, "op": "unmap", "ret": -16, "errno": "EBUSY"}
                    """);
        }
    }
}
