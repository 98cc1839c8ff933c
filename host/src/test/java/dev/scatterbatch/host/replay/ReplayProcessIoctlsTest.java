package dev.scatterbatch.host.replay;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static dev.scatterbatch.host.replay.Traces.expectLast;

/**
 * The process-level and event ioctls a ROCm process issues at start-up, each check in the kernel's order
 * ({@code kfd_chardev.c}, {@code kfd_events.c}, {@code kfd_flat_memory.c}), the dispatcher's kernel-version
 * differences and the generic {@code ioctl} op with argument structs.
 */
class ReplayProcessIoctlsTest {

    @Test
    void getVersionReportsTheKernelsMinorVersion() {
        expectLast("""
                {"op": "get_version"}
                """, """
                {"line": 1, "op": "get_version", "ret": 0, "major_version": 1, "minor_version": 18}
                """);
        expectLast("""
                {"op": "env", "kernel": "5.4"}
                {"op": "get_version"}
                """, """
                {"line": 2, "op": "get_version", "ret": 0, "major_version": 1, "minor_version": 1}
                """);
    }

    @Nested
    class AcquireVm {

        @Test
        void aDescriptorThatIsNoRenderNodeIsEinvalBeforeTheGpuIsLookedAt() {
            expectLast("""
                    {"op": "acquire_vm", "drm_fd": 3, "gpu_id": 9}
                    """, """
                    {"line": 1, "op": "acquire_vm", "ret": -22, "errno": "EINVAL"}
                    """);
        }

        @Test
        void unknownGpuIsEinval() {
            expectLast("""
                    {"op": "acquire_vm", "drm_fd": 4, "gpu_id": 9}
                    """, """
                    {"line": 1, "op": "acquire_vm", "ret": -22, "errno": "EINVAL"}
                    """);
        }

        @Test
        void againThroughTheSameFileIsANoOpAndThroughAnotherEbusy() {
            expectLast("""
                    {"op": "env", "gpu_ids": [1, 2]}
                    {"op": "acquire_vm", "drm_fd": 4, "gpu_id": 1}
                    {"op": "acquire_vm", "drm_fd": 5, "gpu_id": 1}
                    """, """
                    {"line": 2, "op": "acquire_vm", "ret": 0}
                    {"line": 3, "op": "acquire_vm", "ret": -16, "errno": "EBUSY"}
                    """);
        }

        @Test
        void aRenderNodeAlreadyMadeAComputeVmForAnotherGpuIsEinval() {
            expectLast("""
                    {"op": "env", "gpu_ids": [1, 2], "vm_not_acquired": [2]}
                    {"op": "acquire_vm", "drm_fd": 4, "gpu_id": 2}
                    {"op": "acquire_vm", "drm_fd": 5, "gpu_id": 2}
                    {"op": "alloc", "gpu_id": 2, "va_addr": "0x200000000", "size": 4096, "flags": ["VRAM"]}
                    """, """
                    {"line": 2, "op": "acquire_vm", "ret": -22, "errno": "EINVAL"}
                    {"line": 3, "op": "acquire_vm", "ret": 0}
                    {"line": 4, "op": "alloc", "ret": 0, "handle": "0x200000000", "mmap_offset": "0x100000000"}
                    """);
        }
    }

    @Nested
    class Apertures {

        @Test
        void newWithZeroNodesAnswersTheCountThenFillsAtMostWhatWasAsked() {
            expectLast("""
                    {"op": "env", "gpu_ids": [1, 2]}
                    {"op": "get_process_apertures_new", "num_of_nodes": 0}
                    {"op": "get_process_apertures_new", "num_of_nodes": 1}
                    """, """
                    {"line": 2, "op": "get_process_apertures_new", "ret": 0, "num_of_nodes": 2}
                    {"line": 3, "op": "get_process_apertures_new", "ret": 0, "num_of_nodes": 1, "apertures": [{"gpu_id": 1, "lds_base": "0x1000000000000", "lds_limit": "0x10000ffffffff", "scratch_base": "0x2000000000000", "scratch_limit": "0x20000ffffffff", "gpuvm_base": "0x10000", "gpuvm_limit": "0x7fffffffffff"}]}
                    """);
        }

        @Test
        void newWithAnUnwritablePointerIsEfault() {
            expectLast("""
                    {"op": "get_process_apertures_new", "num_of_nodes": 1, "kfd_process_device_apertures_ptr": "0x1000"}
                    """, """
                    {"line": 1, "op": "get_process_apertures_new", "ret": -14, "errno": "EFAULT", "num_of_nodes": 1}
                    """);
        }

        @Test
        void oldKernelsStartTheGpuVmAt16MiB() {
            expectLast("""
                    {"op": "env", "kernel": "5.4"}
                    {"op": "get_process_apertures"}
                    """, """
                    {"line": 2, "op": "get_process_apertures", "ret": 0, "num_of_nodes": 1, "apertures": [{"gpu_id": 1, "lds_base": "0x1000000000000", "lds_limit": "0x10000ffffffff", "scratch_base": "0x2000000000000", "scratch_limit": "0x20000ffffffff", "gpuvm_base": "0x1000000", "gpuvm_limit": "0x7fffffffffff"}]}
                    """);
        }
    }

    @Nested
    class Events {

        @Test
        void signalEventsGetIdsFrom1InMainlineAndFrom0In54() {
            expectLast("""
                    {"op": "create_event", "event_type": 0}
                    """, """
                    {"line": 1, "op": "create_event", "ret": 0, "event_page_offset": "0x8000000000000000", "event_trigger_data": 1, "event_id": 1, "event_slot_index": 1}
                    """);
            expectLast("""
                    {"op": "env", "kernel": "5.4"}
                    {"op": "create_event", "event_type": 0}
                    """, """
                    {"line": 2, "op": "create_event", "ret": 0, "event_page_offset": "0x8000000000000000", "event_trigger_data": 0, "event_id": 0, "event_slot_index": 0}
                    """);
        }

        @Test
        void otherTypesGetIdsFrom0x40000000AndKeepTheirPageOffset() {
            expectLast("""
                    {"op": "create_event", "event_type": 3}
                    """, """
                    {"line": 1, "op": "create_event", "ret": 0, "event_page_offset": "0x0", "event_trigger_data": 1073741824, "event_id": 1073741824, "event_slot_index": 0}
                    """);
        }

        @Test
        void pageHandleChecksInKernelOrder() {
            expectLast("""
                    {"op": "env", "vm_not_acquired": [1], "gpu_ids": [1, 2]}
                    {"op": "create_event", "event_type": 0, "event_page_offset": "0x900000000"}
                    {"op": "create_event", "event_type": 0, "event_page_offset": "0x100000000"}
                    {"op": "create_event", "event_type": 0, "event_page_offset": "0x200000005"}
                    {"op": "alloc", "gpu_id": 2, "va_addr": "0x200000000", "size": "32KiB", "flags": ["GTT"], "as": "page"}
                    {"op": "create_event", "event_type": 0, "event_page_offset": "$page"}
                    {"op": "create_event", "event_type": 0, "event_page_offset": "$page"}
                    {"op": "free", "handle": "$page"}
                    """, """
                    {"line": 2, "op": "create_event", "ret": -22, "errno": "EINVAL", "event_page_offset": "0x900000000", "event_trigger_data": 0, "event_id": 0, "event_slot_index": 0}
                    {"line": 3, "op": "create_event", "ret": -19, "errno": "ENODEV", "event_page_offset": "0x100000000", "event_trigger_data": 0, "event_id": 0, "event_slot_index": 0}
                    {"line": 4, "op": "create_event", "ret": -22, "errno": "EINVAL", "event_page_offset": "0x200000005", "event_trigger_data": 0, "event_id": 0, "event_slot_index": 0}
                    {"line": 5, "op": "alloc", "ret": 0, "handle": "0x200000000", "mmap_offset": "0x100000000"}
                    {"line": 6, "op": "create_event", "ret": 0, "event_page_offset": "0x8000000000000000", "event_trigger_data": 1, "event_id": 1, "event_slot_index": 1}
                    {"line": 7, "op": "create_event", "ret": -22, "errno": "EINVAL", "event_page_offset": "0x200000000", "event_trigger_data": 0, "event_id": 0, "event_slot_index": 0}
                    {"line": 8, "op": "free", "ret": -1, "errno": "EPERM"}
                    """);
        }

        @Test
        void aFullSignalPageIsEnospc() {
            StringBuilder t = new StringBuilder("""
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": 4096, "flags": ["GTT"], "as": "page"}
                    {"op": "create_event", "event_type": 0, "event_page_offset": "$page"}
                    """);
            for (int i = 0; i < 511; i++) t.append("{\"op\": \"create_event\", \"event_type\": 5}\n");
            expectLast(t.toString(), """
                    {"line": 513, "op": "create_event", "ret": -28, "errno": "ENOSPC", "event_page_offset": "0x0", "event_trigger_data": 0, "event_id": 0, "event_slot_index": 0}
                    """);
        }

        @Test
        void setAndResetNeedAKnownSignalEvent() {
            expectLast("""
                    {"op": "create_event", "event_type": 3}
                    {"op": "set_event", "event_id": 7}
                    {"op": "set_event", "event_id": 1073741824}
                    {"op": "reset_event", "event_id": 1073741824}
                    {"op": "destroy_event", "event_id": 1073741824}
                    {"op": "destroy_event", "event_id": 1073741824}
                    """, """
                    {"line": 2, "op": "set_event", "ret": -22, "errno": "EINVAL"}
                    {"line": 3, "op": "set_event", "ret": -22, "errno": "EINVAL"}
                    {"line": 4, "op": "reset_event", "ret": -22, "errno": "EINVAL"}
                    {"line": 5, "op": "destroy_event", "ret": 0}
                    {"line": 6, "op": "destroy_event", "ret": -22, "errno": "EINVAL"}
                    """);
        }

        @Test
        void waitReadsEachEventThenFailsOnAFaultOrAnUnknownId() {
            expectLast("""
                    {"op": "create_event", "event_type": 0}
                    {"op": "wait_events", "events_ptr": "0x1000", "num_events": 1, "timeout": 0}
                    {"op": "wait_events", "events": [{"event_id": 1}, {"event_id": 9}], "timeout": 0}
                    """, """
                    {"line": 2, "op": "wait_events", "ret": -14, "errno": "EFAULT", "timeout": 0, "wait_result": 2}
                    {"line": 3, "op": "wait_events", "ret": -22, "errno": "EINVAL", "timeout": 0, "wait_result": 2}
                    """);
        }

        @Test
        void aWaitOnNothingSignalledSleepsItsTimeoutInVirtualTimeRoundedToJiffies() {
            expectLast("""
                    {"op": "create_event", "event_type": 0}
                    {"op": "wait_events", "events": [{"event_id": 1}], "timeout": 0}
                    {"op": "wait_events", "events": [{"event_id": 1}], "timeout": 10}
                    {"op": "advance", "ns": 0}
                    """, """
                    {"line": 2, "op": "wait_events", "ret": 0, "timeout": 0, "wait_result": 1}
                    {"line": 3, "op": "wait_events", "ret": 0, "timeout": 10, "wait_result": 1}
                    {"line": 4, "op": "advance", "time_ns": 16000000}
                    """);
        }

        @Test
        void anAutoResetEventCompletesOneWaitOnly() {
            expectLast("""
                    {"op": "create_event", "event_type": 0, "auto_reset": 1}
                    {"op": "set_event", "event_id": 1}
                    {"op": "wait_events", "events": [{"event_id": 1}], "timeout": 0}
                    {"op": "wait_events", "events": [{"event_id": 1}], "timeout": 0}
                    """, """
                    {"line": 3, "op": "wait_events", "ret": 0, "timeout": 0, "wait_result": 0}
                    {"line": 4, "op": "wait_events", "ret": 0, "timeout": 0, "wait_result": 1}
                    """);
        }

        @Test
        void aSignalEventWhoseAgeMovedCompletesAWaitAfterItWasConsumed() {
            expectLast("""
                    {"op": "create_event", "event_type": 0, "auto_reset": 1}
                    {"op": "set_event", "event_id": 1}
                    {"op": "wait_events", "events": [{"event_id": 1}], "timeout": 0}
                    {"op": "wait_events", "events": [{"event_id": 1, "last_event_age": 1}], "timeout": 0}
                    """, """
                    {"line": 4, "op": "wait_events", "ret": 0, "timeout": 0, "wait_result": 0}
                    """);
        }

        @Test
        void waitForAllNeedsEveryEvent() {
            expectLast("""
                    {"op": "create_event", "event_type": 0}
                    {"op": "create_event", "event_type": 0}
                    {"op": "set_event", "event_id": 1}
                    {"op": "wait_events", "events": [{"event_id": 1}, {"event_id": 2}], "wait_for_all": 1, "timeout": 0}
                    {"op": "wait_events", "events": [{"event_id": 1}, {"event_id": 2}], "wait_for_all": 0, "timeout": 0}
                    """, """
                    {"line": 4, "op": "wait_events", "ret": 0, "timeout": 0, "wait_result": 1}
                    {"line": 5, "op": "wait_events", "ret": 0, "timeout": 0, "wait_result": 0}
                    """);
        }

        @Test
        void anInfiniteWaitOnNothingSignalledIsALineErrorAndConsumesNothing() {
            expectLast("""
                    {"op": "create_event", "event_type": 0, "auto_reset": 1}
                    {"op": "create_event", "event_type": 0, "auto_reset": 1}
                    {"op": "set_event", "event_id": 1}
                    {"op": "wait_events", "events": [{"event_id": 1}, {"event_id": 2}], "wait_for_all": 1, "timeout": 4294967295}
                    {"op": "wait_events", "events": [{"event_id": 1}], "timeout": 0}
                    """, """
                    {"line": 4, "error": "WAIT_EVENTS with an infinite timeout would sleep forever: none of its events is signalled and nothing else in the replay can signal one"}
                    {"line": 5, "op": "wait_events", "ret": 0, "timeout": 0, "wait_result": 0}
                    """);
        }
    }

    @Nested
    class ProcessSettings {

        @Test
        void memoryPolicyChecksPoliciesThenGpuThenVm() {
            expectLast("""
                    {"op": "env", "vm_not_acquired": [1]}
                    {"op": "set_memory_policy", "gpu_id": 9, "default_policy": 2}
                    {"op": "set_memory_policy", "gpu_id": 9, "alternate_policy": 2}
                    {"op": "set_memory_policy", "gpu_id": 9}
                    {"op": "set_memory_policy", "gpu_id": 1}
                    """, """
                    {"line": 2, "op": "set_memory_policy", "ret": -22, "errno": "EINVAL"}
                    {"line": 3, "op": "set_memory_policy", "ret": -22, "errno": "EINVAL"}
                    {"line": 4, "op": "set_memory_policy", "ret": -22, "errno": "EINVAL"}
                    {"line": 5, "op": "set_memory_policy", "ret": -3, "errno": "ESRCH"}
                    """);
        }

        @Test
        void trapHandlerChecksGpuThenVm() {
            expectLast("""
                    {"op": "env", "vm_not_acquired": [1]}
                    {"op": "set_trap_handler", "gpu_id": 9}
                    {"op": "set_trap_handler", "gpu_id": 1, "tba_addr": "0x7fff00000000"}
                    {"op": "acquire_vm", "drm_fd": 4, "gpu_id": 1}
                    {"op": "set_trap_handler", "gpu_id": 1, "tba_addr": "0x7fff00000000"}
                    """, """
                    {"line": 2, "op": "set_trap_handler", "ret": -22, "errno": "EINVAL"}
                    {"line": 3, "op": "set_trap_handler", "ret": -3, "errno": "ESRCH"}
                    {"line": 4, "op": "acquire_vm", "ret": 0}
                    {"line": 5, "op": "set_trap_handler", "ret": 0}
                    """);
        }

        @Test
        void clockCountersNeverFailAndReadVirtualTime() {
            expectLast("""
                    {"op": "advance", "ns": 1000}
                    {"op": "get_clock_counters", "gpu_id": 1}
                    {"op": "get_clock_counters", "gpu_id": 9}
                    """, """
                    {"line": 2, "op": "get_clock_counters", "ret": 0, "gpu_clock_counter": 100, "cpu_clock_counter": 1000, "system_clock_counter": 1000, "system_clock_freq": 1000000000}
                    {"line": 3, "op": "get_clock_counters", "ret": 0, "gpu_clock_counter": 0, "cpu_clock_counter": 1000, "system_clock_counter": 1000, "system_clock_freq": 1000000000}
                    """);
        }

        @Test
        void tileConfigChecksTheGpuThenClampsTheCountsAndFaultsOnABadPointer() {
            expectLast("""
                    {"op": "get_tile_config", "gpu_id": 9}
                    {"op": "get_tile_config", "gpu_id": 1, "num_tile_configs": 40, "num_macro_tile_configs": 20}
                    {"op": "get_tile_config", "gpu_id": 1, "num_tile_configs": 1, "tile_config_ptr": "0x1000"}
                    """, """
                    {"line": 1, "op": "get_tile_config", "ret": -22, "errno": "EINVAL", "num_tile_configs": 0, "num_macro_tile_configs": 0, "gb_addr_config": "0x0", "num_banks": 0, "num_ranks": 0}
                    {"line": 2, "op": "get_tile_config", "ret": 0, "num_tile_configs": 32, "num_macro_tile_configs": 16, "gb_addr_config": "0x0", "num_banks": 0, "num_ranks": 0}
                    {"line": 3, "op": "get_tile_config", "ret": -14, "errno": "EFAULT", "num_tile_configs": 1, "num_macro_tile_configs": 0, "gb_addr_config": "0x0", "num_banks": 0, "num_ranks": 0}
                    """);
        }

        @Test
        void xnackQueriesThenRefusesWithQueuesThenWithoutSupport() {
            expectLast(ReplayQueueTest.BUFFERS + """
                    {"op": "set_xnack_mode", "xnack_enabled": -1}
                    {"op": "set_xnack_mode", "xnack_enabled": 0}
                    {"op": "set_xnack_mode", "xnack_enabled": 1}
                    """ + ReplayQueueTest.createQueue("") + """
                    {"op": "set_xnack_mode", "xnack_enabled": 0}
                    """, """
                    {"line": 10, "op": "set_xnack_mode", "ret": 0, "xnack_enabled": 0}
                    {"line": 11, "op": "set_xnack_mode", "ret": 0, "xnack_enabled": 0}
                    {"line": 12, "op": "set_xnack_mode", "ret": -1, "errno": "EPERM", "xnack_enabled": 1}
                    {"line": 13, "op": "create_queue", "ret": 0, "doorbell_offset": "0xc000400000000000", "ring_size": 65536, "queue_id": 0}
                    {"line": 14, "op": "set_xnack_mode", "ret": -16, "errno": "EBUSY", "xnack_enabled": 0}
                    """);
        }

        @Test
        void xnackCanBeEnabledWhenEveryGpuSupportsIt() {
            expectLast("""
                    {"op": "env", "gpus": [{"gpu_id": 1, "xnack_supported": true}]}
                    {"op": "set_xnack_mode", "xnack_enabled": 1}
                    {"op": "set_xnack_mode", "xnack_enabled": -1}
                    """, """
                    {"line": 2, "op": "set_xnack_mode", "ret": 0, "xnack_enabled": 1}
                    {"line": 3, "op": "set_xnack_mode", "ret": 0, "xnack_enabled": 1}
                    """);
        }

        @Test
        void runtimeEnableTwiceIsEbusyAndWithQueuesEexist() {
            expectLast(ReplayQueueTest.BUFFERS + """
                    {"op": "runtime_enable", "mode_mask": 1}
                    {"op": "runtime_enable", "mode_mask": 1}
                    {"op": "runtime_enable", "mode_mask": 0}
                    """ + ReplayQueueTest.createQueue("") + """
                    {"op": "runtime_enable", "mode_mask": 1}
                    """, """
                    {"line": 10, "op": "runtime_enable", "ret": 0}
                    {"line": 11, "op": "runtime_enable", "ret": -16, "errno": "EBUSY"}
                    {"line": 12, "op": "runtime_enable", "ret": 0}
                    {"line": 13, "op": "create_queue", "ret": 0, "doorbell_offset": "0xc000400000000000", "ring_size": 65536, "queue_id": 0}
                    {"line": 14, "op": "runtime_enable", "ret": -17, "errno": "EEXIST"}
                    """);
        }
    }

    @Nested
    class Dispatcher {

        @Test
        void anUnknownCommandNumberIsEnottyInMainlineAndEinvalInOldKernels() {
            expectLast("""
                    {"op": "ioctl", "cmd": "0xC0104B99"}
                    """, """
                    {"line": 1, "op": "ioctl", "ret": -25, "errno": "ENOTTY"}
                    """);
            expectLast("""
                    {"op": "env", "kernel": "5.4"}
                    {"op": "ioctl", "cmd": "0xC0104B99"}
                    {"op": "svm", "start": "0x10000000", "size": 4096}
                    {"op": "ioctl", "cmd": "0xC0184B20", "args": {"start_addr": "0x10000000", "size": 4096}}
                    """, """
                    {"line": 2, "op": "ioctl", "ret": -22, "errno": "EINVAL"}
                    {"line": 3, "op": "svm", "ret": -14, "errno": "EFAULT"}
                    {"line": 4, "op": "ioctl", "ret": -22, "errno": "EINVAL"}
                    """);
        }

        @Test
        void theGenericOpPassesArgumentsAndPrintsOutputFields() {
            expectLast("""
                    {"op": "ioctl", "cmd": "AMDKFD_IOC_ALLOC_MEMORY_OF_GPU", "args": {"gpu_id": 1, "va_addr": "0x200000000", "size": 4096, "flags": "0x40000001"}}
                    {"op": "ioctl", "cmd": "0xC0104B23", "args": {"gpu_id": 1}}
                    """, """
                    {"line": 1, "op": "ioctl", "ret": 0, "handle": "0x100000000", "mmap_offset": "0x100000000"}
                    {"line": 2, "op": "ioctl", "ret": 0, "available": 17169383424}
                    """);
        }

        @Test
        void aShorterUserStructGetsZerosAndOnlyItsBytesBack() {
            // the 88-byte CREATE_QUEUE of KFD before 1.17: no sdma_engine_id, and the kernel still answers
            expectLast("""
                    {"op": "ioctl", "cmd": "0xC0584B02", "args": {"gpu_id": 9, "ring_size": 1024, "queue_type": 2}}
                    """, """
                    {"line": 1, "op": "ioctl", "ret": -22, "errno": "EINVAL", "doorbell_offset": "0x0", "ring_size": 1024, "queue_id": 0}
                    """);
        }

        @Test
        void argsOfAnotherCommandAreALineError() {
            expectLast("""
                    {"op": "ioctl", "cmd": "0xC0104B23", "args": {"queue_id": 1}}
                    """, """
                    {"line": 1, "error": "unknown field 'queue_id' for op ioctl args (known: available, gpu_id, pad)"}
                    """);
        }
    }
}
