package dev.scatterbatch.host.replay;

import dev.scatterbatch.model.cost.TrapCostProfile;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.scatterbatch.host.replay.Traces.expectLast;
import static org.assertj.core.api.Assertions.assertThat;

/** The trace syntax of docs/replay.md: values, handles, skipped lines, and malformed lines that change nothing. */
class ReplaySyntaxTest {

    private static final String ALLOC_4K = """
            {"op": "alloc", "gpu_id": 1, "va_addr": 0, "size": 4096, "flags": ["GTT"]}
            """;

    @Test
    void commentAndBlankLinesGiveNoResultButCountAsLines() {
        List<String> out = Traces.run("""
                # a comment

                   # indented comment
                {"op": "state"}
                """);
        assertThat(out).hasSize(1);
        assertThat(out.getFirst()).startsWith("{\"line\": 4, \"op\": \"state\"");
    }

    @Test
    void sixtyFourBitValuesMayBeNumbersHexOrDecimalStringsAndSizesMayHaveUnits() {
        expectLast("""
                {"op": "alloc", "gpu_id": "1", "va_addr": "0x200000000", "size": "2MiB", "flags": "0x2"}
                {"op": "alloc", "gpu_id": 1, "va_addr": 8589934592, "size": "4096", "flags": 2}
                {"op": "alloc", "gpu_id": 1, "va_addr": "18446744073709551615", "size": "1.5KiB", "flags": ["GTT"]}
                {"op": "state"}
                """, """
                {"line": 1, "op": "alloc", "ret": 0, "handle": "0x100000000", "mmap_offset": "0x100000000"}
                {"line": 2, "op": "alloc", "ret": 0, "handle": "0x100000001", "mmap_offset": "0x100200000"}
                {"line": 3, "op": "alloc", "ret": 0, "handle": "0x100000002", "mmap_offset": "0x100201000"}
                {"line": 4, "op": "state", "time_ns": 0, "system_mem_used": 2105344, "evicted_bos": 0, "queues_active": true, "queue_evict_count": 0, "restore_scheduled_at_ns": null, "notifiers": 0, "bos": [{"handle": "0x100000000", "invalid": 0, "on_inval_list": false, "mapped": 0, "ranges": 0}, {"handle": "0x100000001", "invalid": 0, "on_inval_list": false, "mapped": 0, "ranges": 0}, {"handle": "0x100000002", "invalid": 0, "on_inval_list": false, "mapped": 0, "ranges": 0}]}
                """);
    }

    @Test
    void anAllocNamesItsHandleAndLaterLinesUseIt() {
        expectLast(ALLOC_4K.replace("}", ", \"as\": \"buf\"}") + """
                {"op": "map", "handle": "$buf", "devices": [1]}
                {"op": "unmap", "handle": "$buf", "devices": [1]}
                {"op": "free", "handle": "$buf"}
                {"op": "free", "handle": "$buf"}
                """, """
                {"line": 2, "op": "map", "ret": 0, "n_success": 1}
                {"line": 3, "op": "unmap", "ret": 0, "n_success": 1}
                {"line": 4, "op": "free", "ret": 0}
                {"line": 5, "op": "free", "ret": -22, "errno": "EINVAL"}
                """);
    }

    @Test
    void aFailedAllocBindsNoName() {
        expectLast("""
                {"op": "alloc", "gpu_id": 1, "va_addr": 0, "size": 0, "flags": ["GTT"], "as": "x"}
                {"op": "free", "handle": "$x"}
                """, """
                {"line": 1, "op": "alloc", "ret": -22, "errno": "EINVAL"}
                {"line": 2, "error": "handle refers to $x, which no successful alloc named"}
                """);
    }

    @Test
    void malformedLinesGiveAnErrorLineAndChangeNothing() {
        expectLast(ALLOC_4K + """
                {"op": "alloc", "gpu_id": 1, "va_addr": 0, "size": 4096, "flags": ["GTT"]
                {"op": "defrag"}
                {"gpu_id": 1}
                {"op": "alloc", "gpu_id": 1, "size": 4096, "flags": ["GTT"]}
                {"op": "alloc", "gpu_id": 1, "va_addr": 0, "size": -4096, "flags": ["GTT"]}
                {"op": "alloc", "gpu_id": -1, "va_addr": 0, "size": 4096, "flags": ["GTT"]}
                {"op": "alloc", "gpu_id": 1, "va_addr": "0x10000000000000000", "size": 4096, "flags": ["GTT"]}
                {"op": "alloc", "gpu_id": 1, "va_addr": 0, "size": 4096, "flags": ["GTT", "HUGE"]}
                {"op": "alloc", "gpu_id": 1, "va_addr": 0, "size": 4096, "flags": 4294967296}
                {"op": "alloc", "gpu_id": 1, "va_addr": 0, "size": 40.5, "flags": ["GTT"]}
                {"op": "alloc", "gpu_id": 1, "va_addr": 0, "szie": 4096, "size": 4096, "flags": ["GTT"]}
                {"op": "alloc", "gpu_id": 1, "va_addr": 0, "size": "4 parsecs", "flags": ["GTT"]}
                {"op": "map", "handle": "$nobody", "devices": [1]}
                {"op": "map", "handle": "0x100000000", "devices": [4294967296]}
                {"op": "invalidate", "start": "0x1000", "size": 4096, "blockable": "yes"}
                {"op": "env", "host_ram": "8GiB"}
                [1, 2]
                {"op": "state"}
                """, """
                {"line": 2, "error": "not valid JSON: Unexpected end-of-input: expected close marker for Object (start marker at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 1])"}
                {"line": 3, "error": "unknown op 'defrag' (known: env, mmap, munmap, mremap, mbind, madvise, svm, svm_ranges, invalidate, advance, inject, alloc, alloc_batch, map, unmap, free, ioctl, state, acquire_vm, available_memory, create_event, create_queue, destroy_event, destroy_queue, get_clock_counters, get_process_apertures, get_process_apertures_new, get_tile_config, get_version, reset_event, runtime_enable, set_event, set_memory_policy, set_trap_handler, set_xnack_mode, update_queue, wait_events)"}
                {"line": 4, "error": "a line needs \\"op\\" as a string"}
                {"line": 5, "error": "op alloc needs field 'va_addr'"}
                {"line": 6, "error": "size must not be negative, got -4096"}
                {"line": 7, "error": "gpu_id -1 is out of range for a 32-bit unsigned value"}
                {"line": 8, "error": "va_addr 18446744073709551616 is out of range for a 64-bit unsigned value"}
                {"line": 9, "error": "flags: unknown allocation flag 'HUGE' (known: VRAM, GTT, USERPTR, DOORBELL, MMIO_REMAP, USERPTR_BATCH, CONTIGUOUS, EXT_COHERENT, UNCACHED, COHERENT, AQL_QUEUE_MEM, NO_SUBSTITUTE, PUBLIC, EXECUTABLE, WRITABLE)"}
                {"line": 10, "error": "flags 4294967296 is out of range for a 32-bit unsigned value"}
                {"line": 11, "error": "size must be a whole number, got 40.5"}
                {"line": 12, "error": "unknown field 'szie' for op alloc (known: as, flags, gpu_id, mmap_offset, num_ranges, ranges, ranges_readable, reserved, size, va_addr)"}
                {"line": 13, "error": "size: expected a size in bytes or with a unit (B, KiB, MiB, GiB, TiB), got '4 parsecs'"}
                {"line": 14, "error": "handle refers to $nobody, which no successful alloc named"}
                {"line": 15, "error": "devices[0] 4294967296 is out of range for a 32-bit unsigned value"}
                {"line": 16, "error": "blockable must be true or false, got \\"yes\\""}
                {"line": 17, "error": "env must be the first op of a trace"}
                {"line": 18, "error": "a line must be one JSON object"}
                {"line": 19, "op": "state", "time_ns": 0, "system_mem_used": 4096, "evicted_bos": 0, "queues_active": true, "queue_evict_count": 0, "restore_scheduled_at_ns": null, "notifiers": 0, "bos": [{"handle": "0x100000000", "invalid": 0, "on_inval_list": false, "mapped": 0, "ranges": 0}]}
                """);
    }

    @Test
    void anEnvLineSetsTheStartingEnvironment() {
        expectLast("""
                {"op": "env", "host_ram": "16GiB", "gpu_ids": [5, 6], "no_system_mem_limit": false}
                {"op": "mmap", "start": "0x10000000", "size": "15GiB"}
                {"op": "alloc", "gpu_id": 6, "va_addr": 0, "size": "14593MiB", "mmap_offset": "0x10000000", "flags": ["USERPTR"]}
                {"op": "alloc", "gpu_id": 6, "va_addr": 0, "size": "14592MiB", "mmap_offset": "0x10000000", "flags": ["USERPTR"]}
                """, """
                {"line": 1, "op": "env"}
                {"line": 2, "op": "mmap", "ret": 0}
                {"line": 3, "op": "alloc", "ret": -12, "errno": "ENOMEM"}
                {"line": 4, "op": "alloc", "ret": 0, "handle": "0x600000000", "mmap_offset": "0x100000000"}
                """);
    }

    @Test
    void aBadEnvironmentIsAnErrorLine() {
        expectLast("""
                {"op": "env", "gpu_ids": [1, 1]}
                {"op": "env", "gpu_ids": [0]}
                {"op": "env", "host_ram": 0}
                {"op": "env", "gpu_ids": [65536]}
                {"op": "env", "gpus": [{"gpu_id": 4294967295}]}
                {"op": "env", "vram_size": 0}
                {"op": "env", "gpus": [{"gpu_id": 1, "vram_size": 0}]}
                """, """
                {"line": 1, "error": "gpu_ids must be distinct, got [1, 1]"}
                {"line": 2, "error": "gpu_ids must not contain 0 (KFD never matches gpu_id 0)"}
                {"line": 3, "error": "host_ram must be positive, got 0"}
                {"line": 4, "error": "gpu_ids must be 16-bit values (KFD makes them so), got 65536"}
                {"line": 5, "error": "gpu_ids must be 16-bit values (KFD makes them so), got 4294967295"}
                {"line": 6, "error": "vram_size of GPU 1 must be positive, got 0"}
                {"line": 7, "error": "vram_size of GPU 1 must be positive, got 0"}
                """);
    }

    @Test
    void advanceMovesTheClockAndRefusesToOverflowIt() {
        expectLast("""
                {"op": "advance", "ns": 1000}
                {"op": "advance", "ns": "0x7fffffffffffffff"}
                {"op": "advance", "ns": 0}
                """, """
                {"line": 1, "op": "advance", "time_ns": 1000}
                {"line": 2, "error": "ns 9223372036854775807 would move virtual time past its end"}
                {"line": 3, "op": "advance", "time_ns": 1000}
                """);
    }

    @Test
    void injectTakesAnErrnoByNameOrNumber() {
        expectLast("""
                {"op": "inject", "what": "hmm_fault", "errno": "EBUSY", "count": 2}
                {"op": "inject", "what": "hmm_fault", "errno": 12}
                {"op": "inject", "what": "hmm_fault", "errno": "EWHAT"}
                {"op": "inject", "what": "tlb_flush", "errno": "EBUSY"}
                """, """
                {"line": 1, "op": "inject"}
                {"line": 2, "op": "inject"}
                {"line": 3, "error": "errno 'EWHAT' is not an errno the model knows"}
                {"line": 4, "error": "inject what 'tlb_flush' is unknown (known: hmm_fault)"}
                """);
    }

    @Test
    void mmapTakesABackingPageSizeAndMremapMovesAMapping() {
        expectLast("""
                {"op": "mmap", "start": "0x40000000", "size": "4MiB", "page_size": "2MiB"}
                {"op": "mmap", "start": "0x50000000", "size": "4MiB", "page_size": "64KiB"}
                {"op": "mremap", "old_addr": "0x40000000", "size": "2MiB", "new_addr": "0x60000000"}
                {"op": "mremap", "old_addr": "0x70000000", "size": "2MiB", "new_addr": "0x60000000"}
                """, """
                {"line": 1, "op": "mmap", "ret": 0}
                {"line": 2, "error": "page_size: a mapping is backed by 4KiB or 2MiB pages, not 65536 bytes"}
                {"line": 3, "op": "mremap", "ret": 0}
                {"line": 4, "op": "mremap", "ret": -14, "errno": "EFAULT"}
                """);
    }

    @Test
    void theRunReportsWhetherEveryLineWasUnderstood() throws IOException {
        StringBuilder out = new StringBuilder();
        boolean ok = ReplayRunner.replay(utf8(ALLOC_4K + "{\"op\": \"free\", \"handle\": 7}\n"),
                out, TrapCostProfile::defaults);
        assertThat(ok).isTrue();
        assertThat(out.toString().lines()).hasSize(2);
        assertThat(ReplayRunner.replay(utf8("nope\n"), new StringBuilder(),
                TrapCostProfile::defaults)).isFalse();
    }

    @Test
    void aLineThatIsNotUtf8GetsAnErrorLineAndTheLinesAroundItStillRun() throws IOException {
        byte[] bad = {'{', '"', 'o', 'p', '"', ':', ' ', '"', (byte) 0xFF, '"', '}', '\n'};
        InputStream trace = concat(ALLOC_4K.getBytes(StandardCharsets.UTF_8), bad, "{\"op\": \"state\"}\n".getBytes(StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder();

        assertThat(ReplayRunner.replay(trace, out, TrapCostProfile::defaults)).isFalse();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("{\"line\": 1, \"op\": \"alloc\"");
        assertThat(lines.get(1)).isEqualTo("{\"line\": 2, \"error\": \"the line is not valid UTF-8 (byte 0xFF at column 9)\"}");
        assertThat(lines.get(2)).startsWith("{\"line\": 3, \"op\": \"state\"").contains("\"bos\": [{");
    }

    @Test
    void aByteOrderMarkAtTheStartOfTheTraceIsSkipped() throws IOException {
        InputStream trace = concat(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "{\"op\": \"state\"}\r\n".getBytes(StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder();

        assertThat(ReplayRunner.replay(trace, out, TrapCostProfile::defaults)).isTrue();
        assertThat(out.toString()).startsWith("{\"line\": 1, \"op\": \"state\"");
    }

    @Test
    void anythingAfterTheLinesObjectIsAnErrorLineThatChangesNothing() {
        expectLast(ALLOC_4K + """
                {"op": "free", "handle": "0x100000000"} trailing
                {"op": "free", "handle": "0x100000000"} {"op": "state"}
                """, """
                {"line": 2, "error": "a line must be one JSON object with nothing after it"}
                {"line": 3, "error": "a line must be one JSON object with nothing after it"}
                """);
    }

    @Test
    void nestingBeyondTheLimitIsAnErrorLineNotAStackOverflow() {
        String deep = "{\"op\": \"state\", \"x\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        assertThat(Traces.run(deep)).singleElement().asString().startsWith("{\"line\": 1, \"error\": \"the line is nested deeper than 16 levels");
    }

    @Test
    void aLineLongerThanTheLimitIsReportedWithoutBeingKept() throws IOException {
        String huge = "{\"op\": \"state\", \"pad\": \"" + "x".repeat(TraceLines.MAX_LINE_BYTES) + "\"}\n{\"op\": \"state\"}\n";
        StringBuilder out = new StringBuilder();

        assertThat(ReplayRunner.replay(utf8(huge), out, TrapCostProfile::defaults)).isFalse();
        assertThat(out.toString().lines().toList()).satisfiesExactly(
                first -> assertThat(first).isEqualTo("{\"line\": 1, \"error\": \"the line is longer than 1 MiB, the longest a trace line may be\"}"),
                second -> assertThat(second).startsWith("{\"line\": 2, \"op\": \"state\""));
    }

    private static InputStream utf8(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static InputStream concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] p : parts) all.writeBytes(p);
        return new ByteArrayInputStream(all.toByteArray());
    }
}
