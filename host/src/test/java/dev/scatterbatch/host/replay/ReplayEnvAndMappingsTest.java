package dev.scatterbatch.host.replay;

import dev.scatterbatch.model.cost.TrapCostProfile;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static dev.scatterbatch.host.replay.Traces.expectLast;
import static org.assertj.core.api.Assertions.assertThat;

/** The grown {@code env}, CPU mappings as real programs make them, and recorded answers with the summary line. */
class ReplayEnvAndMappingsTest {

    @Nested
    class Env {

        @Test
        void eachGpuHasItsOwnVramAndOthersUseReducesWhatIsAvailable() {
            expectLast("""
                    {"op": "env", "gpus": [{"gpu_id": 1, "vram_size": "16GiB"}, {"gpu_id": 2, "vram_size": "8GiB", "vram_used_by_others": "4GiB"}]}
                    {"op": "available_memory", "gpu_id": 1}
                    {"op": "available_memory", "gpu_id": 2}
                    {"op": "alloc", "gpu_id": 2, "va_addr": "0x200000000", "size": "5GiB", "flags": ["VRAM"]}
                    """, """
                    {"line": 2, "op": "available_memory", "ret": 0, "available": 17171480576}
                    {"line": 3, "op": "available_memory", "ret": 0, "available": 4286578688}
                    {"line": 4, "op": "alloc", "ret": -12, "errno": "ENOMEM"}
                    """);
        }

        @Test
        void anApuAnswersTheLeastHeadroomOfSystemTtmAndVram() {
            expectLast("""
                    {"op": "env", "host_ram": "8GiB", "system_mem_used_by_others": "6GiB", "gpus": [{"gpu_id": 1, "vram_size": "512MiB", "apu": true}]}
                    {"op": "available_memory", "gpu_id": 1}
                    """, """
                    {"line": 2, "op": "available_memory", "ret": 0, "available": 402653184}
                    """);
            expectLast("""
                    {"op": "env", "host_ram": "8GiB", "gpus": [{"gpu_id": 1, "vram_size": "512MiB", "apu": true}]}
                    {"op": "available_memory", "gpu_id": 1}
                    """, """
                    {"line": 2, "op": "available_memory", "ret": 0, "available": 528482304}
                    """);
        }

        @Test
        void othersSystemMemoryCountsAgainstTheLimit() {
            expectLast("""
                    {"op": "env", "host_ram": "8GiB", "system_mem_used_by_others": "6GiB"}
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": "1GiB", "flags": ["GTT"]}
                    """, """
                    {"line": 2, "op": "alloc", "ret": -12, "errno": "ENOMEM"}
                    """);
        }

        @Test
        void theFirstHandleAndPreExistingBosContinueAProcess() {
            expectLast("""
                    {"op": "env", "first_handle": 5, "bos": [{"handle": "0x100000007", "va_addr": "0x300000000", "size": 4096, "flags": ["VRAM"], "mapped": true}]}
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": 4096, "flags": ["VRAM"]}
                    {"op": "free", "handle": "0x100000007"}
                    {"op": "unmap", "handle": "0x100000007", "devices": [1]}
                    {"op": "free", "handle": "0x100000007"}
                    {"op": "free", "handle": "0x100000001"}
                    """, """
                    {"line": 2, "op": "alloc", "ret": 0, "handle": "0x100000005", "mmap_offset": "0x100001000"}
                    {"line": 3, "op": "free", "ret": -16, "errno": "EBUSY"}
                    {"line": 4, "op": "unmap", "ret": 0, "n_success": 1}
                    {"line": 5, "op": "free", "ret": 0}
                    {"line": 6, "op": "free", "ret": -22, "errno": "EINVAL"}
                    """);
        }

        @Test
        void aPreExistingBoThatCannotExistIsALineError() {
            expectLast("""
                    {"op": "env", "bos": [{"handle": "0x900000000", "size": 4096, "flags": ["VRAM"]}]}
                    """, """
                    {"line": 1, "error": "bos: handle 0x900000000 cannot exist as given (EINVAL)"}
                    """);
        }

        @Test
        void drmOffsetsInUseMoveTheFirstBoOffset() {
            expectLast("""
                    {"op": "env", "gpus": [{"gpu_id": 1, "drm_offset_in_use": "1MiB"}]}
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": 4096, "flags": ["VRAM"]}
                    """, """
                    {"line": 2, "op": "alloc", "ret": 0, "handle": "0x100000000", "mmap_offset": "0x100100000"}
                    """);
        }

        @Test
        void paramsPinTheProfileTheTraceDependsOn() {
            expectLast("""
                    {"op": "env", "params": {"queueQuiesce": "0ms", "kernelHz": 1000}}
                    {"op": "mmap", "start": "0x10000000", "size": "64MiB"}
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": 8192, "mmap_offset": "0x10000000", "flags": ["USERPTR"]}
                    {"op": "invalidate", "start": "0x10000000", "size": 4096}
                    {"op": "state"}
                    """, """
                    {"line": 5, "op": "state", "time_ns": 0, "system_mem_used": 8192, "evicted_bos": 1, "queues_active": false, "queue_evict_count": 1, "restore_scheduled_at_ns": 1000000, "notifiers": 1, "bos": [{"handle": "0x100000000", "invalid": 1, "on_inval_list": false, "mapped": 0, "ranges": 1}]}
                    """);
        }

        @Test
        void anUnknownParameterIsALineError() {
            assertThat(Traces.run("{\"op\": \"env\", \"params\": {\"noSuchThing\": 1}}"))
                    .singleElement().asString().startsWith("{\"line\": 1, \"error\": \"params: unknown parameter 'noSuchThing'");
        }

        @Test
        void anUnknownKernelIsALineError() {
            expectLast("""
                    {"op": "env", "kernel": "3.0"}
                    """, """
                    {"line": 1, "error": "kernel '3.0' is not one the model knows (known: 4.16, 5.4, 6.12, mainline)"}
                    """);
        }
    }

    @Nested
    class Mappings {

        @Test
        void aProtNoneReservationCannotBackAUserptrUntilMappedOver() {
            expectLast("""
                    {"op": "mmap", "start": "0x10000000", "size": "64MiB", "prot": ["PROT_NONE"], "flags": ["MAP_PRIVATE", "MAP_ANONYMOUS", "MAP_NORESERVE"]}
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": 8192, "mmap_offset": "0x10000000", "flags": ["USERPTR"]}
                    {"op": "svm", "start": "0x11000000", "size": 4096}
                    {"op": "mmap", "start": "0x10000000", "size": "1MiB", "prot": ["PROT_READ", "PROT_WRITE"], "flags": ["MAP_PRIVATE", "MAP_ANONYMOUS", "MAP_FIXED"]}
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": 8192, "mmap_offset": "0x10000000", "flags": ["USERPTR"]}
                    """, """
                    {"line": 2, "op": "alloc", "ret": -14, "errno": "EFAULT"}
                    {"line": 3, "op": "svm", "ret": 0}
                    {"line": 4, "op": "mmap", "ret": 0}
                    {"line": 5, "op": "alloc", "ret": 0, "handle": "0x100000000", "mmap_offset": "0x100000000"}
                    """);
        }

        @Test
        void fixedNoReplaceOverAMappingIsEexist() {
            expectLast("""
                    {"op": "mmap", "start": "0x10000000", "size": "1MiB"}
                    {"op": "mmap", "start": "0x10000000", "size": "4KiB", "flags": ["MAP_PRIVATE", "MAP_ANONYMOUS", "MAP_FIXED_NOREPLACE"]}
                    """, """
                    {"line": 2, "op": "mmap", "ret": -17, "errno": "EEXIST"}
                    """);
        }

        @Test
        void aBoMmappedThroughItsRenderNodeIsADeviceMappingNoUserptrCanUse() {
            expectLast("""
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": 8192, "flags": ["GTT"], "as": "bo"}
                    {"op": "mmap", "start": "0x10000000", "size": 8192, "fd": 4, "offset": "0x100000000", "flags": ["MAP_SHARED", "MAP_FIXED"]}
                    {"op": "mmap", "start": "0x10000000", "size": 8192, "fd": 4, "offset": "0x100001000", "flags": ["MAP_SHARED"]}
                    {"op": "mmap", "start": "0x10000000", "size": 12288, "fd": 4, "offset": "0x100000000", "flags": ["MAP_SHARED"]}
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x300000000", "size": 4096, "mmap_offset": "0x10000000", "flags": ["USERPTR"]}
                    {"op": "svm", "start": "0x10000000", "size": 4096}
                    """, """
                    {"line": 2, "op": "mmap", "ret": 0}
                    {"line": 3, "op": "mmap", "ret": -22, "errno": "EINVAL"}
                    {"line": 4, "op": "mmap", "ret": -22, "errno": "EINVAL"}
                    {"line": 5, "op": "alloc", "ret": -14, "errno": "EFAULT"}
                    {"line": 6, "op": "svm", "ret": -14, "errno": "EFAULT"}
                    """);
        }

        @Test
        void aBoOfAGpuWhoseVmCameThroughAnotherFileIsEacces() {
            expectLast("""
                    {"op": "env", "gpus": [{"gpu_id": 1, "render_fd": 4}, {"gpu_id": 2, "render_fd": 5}], "vm_not_acquired": [2]}
                    {"op": "acquire_vm", "drm_fd": 5, "gpu_id": 1}
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": 4096, "flags": ["GTT"]}
                    {"op": "mmap", "start": "0x10000000", "size": 4096, "fd": 4, "offset": "0x100000000", "flags": ["MAP_SHARED"]}
                    """, """
                    {"line": 2, "op": "acquire_vm", "ret": -16, "errno": "EBUSY"}
                    {"line": 3, "op": "alloc", "ret": 0, "handle": "0x100000000", "mmap_offset": "0x100000000"}
                    {"line": 4, "op": "mmap", "ret": 0}
                    """);
        }

        @Test
        void doorbellAndEventPagesMapThroughKfdWithTheirSizes() {
            expectLast("""
                    {"op": "mmap", "start": "0x10000000", "size": 8192, "fd": 3, "offset": "0xc000400000000000", "flags": ["MAP_SHARED"]}
                    {"op": "mmap", "start": "0x10000000", "size": 4096, "fd": 3, "offset": "0xc000400000000000", "flags": ["MAP_SHARED"]}
                    {"op": "mmap", "start": "0x10000000", "size": 8192, "fd": 3, "offset": "0xc000800000000000", "flags": ["MAP_SHARED"]}
                    {"op": "mmap", "start": "0x20000000", "size": 32768, "fd": 3, "offset": "0x8000000000000000", "flags": ["MAP_SHARED"]}
                    {"op": "mmap", "start": "0x20000000", "size": 8192, "fd": 9, "offset": "0", "flags": ["MAP_SHARED"]}
                    """, """
                    {"line": 1, "op": "mmap", "ret": 0}
                    {"line": 2, "op": "mmap", "ret": -22, "errno": "EINVAL"}
                    {"line": 3, "op": "mmap", "ret": -22, "errno": "EINVAL"}
                    {"line": 4, "op": "mmap", "ret": 0}
                    {"line": 5, "error": "fd 9 is neither /dev/kfd (3) nor a render node of the env"}
                    """);
        }

        @Test
        void mbindChecksModeAlignmentAndHolesAndChangesNothing() {
            expectLast("""
                    {"op": "mmap", "start": "0x10000000", "size": "1MiB"}
                    {"op": "mbind", "start": "0x10000000", "size": "1MiB", "mode": 7}
                    {"op": "mbind", "start": "0x10000001", "size": "1MiB"}
                    {"op": "mbind", "start": "0x10000000", "size": "2MiB"}
                    {"op": "mbind", "start": "0x10000000", "size": 0}
                    {"op": "mbind", "start": "0x10000000", "size": "1MiB", "mode": 1}
                    """, """
                    {"line": 2, "op": "mbind", "ret": -22, "errno": "EINVAL"}
                    {"line": 3, "op": "mbind", "ret": -22, "errno": "EINVAL"}
                    {"line": 4, "op": "mbind", "ret": -14, "errno": "EFAULT"}
                    {"line": 5, "op": "mbind", "ret": 0}
                    {"line": 6, "op": "mbind", "ret": 0}
                    """);
        }
    }

    @Nested
    class RecordedAnswers {

        @Test
        void matchingAndMismatchingAnswersAreMarkedAndSummarised() throws IOException {
            StringBuilder out = new StringBuilder();
            ReplayRunner runner = ReplayRunner.replay(new ByteArrayInputStream(("""
                    {"op": "alloc", "gpu_id": 1, "va_addr": "0x200000000", "size": 4096, "flags": ["VRAM"], "expect": {"ret": 0, "handle": 4294967296}}
                    {"op": "free", "handle": "0x100000000", "expect": {"ret": -16, "errno": 16}}
                    {"op": "state"}
                    {"op": "nonsense"}
                    """).getBytes(StandardCharsets.UTF_8)), out, new ReplayRunner(TrapCostProfile::defaults));
            assertThat(out.toString().lines().toList()).containsExactly(
                    "{\"line\": 1, \"op\": \"alloc\", \"ret\": 0, \"handle\": \"0x100000000\", \"mmap_offset\": \"0x100000000\", \"match\": true}",
                    "{\"line\": 2, \"op\": \"free\", \"ret\": 0, \"match\": false, \"mismatch\": {\"ret\": {\"expected\": -16, \"got\": 0}, \"errno\": {\"expected\": 16, \"got\": null}}}",
                    "{\"line\": 3, \"op\": \"state\", \"time_ns\": 0, \"system_mem_used\": 0, \"evicted_bos\": 0, \"queues_active\": true, \"queue_evict_count\": 0, \"restore_scheduled_at_ns\": null, \"notifiers\": 0, \"bos\": []}",
                    "{\"line\": 4, \"error\": \"unknown op 'nonsense' (known: env, mmap, munmap, mremap, mbind, madvise, svm, svm_ranges, invalidate, advance, inject, alloc, alloc_batch, map, unmap, free, ioctl, state, acquire_vm, available_memory, create_event, create_queue, destroy_event, destroy_queue, get_clock_counters, get_process_apertures, get_process_apertures_new, get_tile_config, get_version, reset_event, runtime_enable, set_event, set_memory_policy, set_trap_handler, set_xnack_mode, update_queue, wait_events)\"}",
                    "{\"summary\": {\"lines\": 4, \"compared\": 2, \"matched\": 1, \"skipped\": 1}}");
            assertThat(runner.allMatched()).isFalse();
        }

        @Test
        void aTraceWithoutRecordedAnswersHasNoSummaryLine() throws IOException {
            StringBuilder out = new StringBuilder();
            ReplayRunner runner = ReplayRunner.replay(new ByteArrayInputStream(("{\"op\": \"state\"}\n").getBytes(StandardCharsets.UTF_8)), out,
                    new ReplayRunner(TrapCostProfile::defaults));
            assertThat(out.toString().lines()).hasSize(1);
            assertThat(runner.allMatched()).isTrue();
        }

        @Test
        void anExpectThatIsNoObjectIsALineError() {
            expectLast("""
                    {"op": "state", "expect": 0}
                    """, """
                    {"line": 1, "error": "expect must be an object of result fields, got 0"}
                    """);
        }
    }
}
