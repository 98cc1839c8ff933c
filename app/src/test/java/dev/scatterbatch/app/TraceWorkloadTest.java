package dev.scatterbatch.app;

import dev.scatterbatch.guest.memory.Fragmentation;
import dev.scatterbatch.guest.workload.BufferLifetime;
import dev.scatterbatch.guest.workload.Workload;
import dev.scatterbatch.model.cost.ConfigException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code bench --workload-from-trace}: buffers, lifetimes, fragmentation and GPU time derived from a trace. */
class TraceWorkloadTest {

    @Test
    void freedUserptrsAreIterationBuffersKeptOnesRunBuffersAndAdvancesAreCompute() {
        Workload w = TraceWorkload.derive("t", List.of(
                "{\"op\": \"mmap\", \"start\": \"0x10000000\", \"size\": \"64MiB\"}",
                "{\"op\": \"alloc\", \"gpu_id\": 1, \"va_addr\": \"0x200000000\", \"size\": \"1MiB\", \"mmap_offset\": \"0x10000000\", \"flags\": [\"USERPTR\"], \"as\": \"a\"}",
                "{\"op\": \"alloc\", \"gpu_id\": 1, \"va_addr\": \"0x300000000\", \"size\": \"1MiB\", \"mmap_offset\": \"0x10100000\", \"flags\": [\"USERPTR\"], \"as\": \"b\"}",
                "{\"op\": \"alloc\", \"gpu_id\": 1, \"va_addr\": \"0x400000000\", \"size\": \"2MiB\", \"mmap_offset\": \"0x10200000\", \"flags\": \"0x4\"}",
                "{\"op\": \"alloc\", \"gpu_id\": 1, \"va_addr\": \"0x500000000\", \"size\": \"2MiB\", \"flags\": [\"VRAM\"]}",
                "{\"op\": \"advance\", \"ns\": 3000000}",
                "{\"op\": \"free\", \"handle\": \"$a\"}",
                "{\"op\": \"free\", \"handle\": \"0x100000001\"}",
                "{\"op\": \"advance\", \"ns\": 2000000}"));
        assertThat(w.computeNs()).isEqualTo(5_000_000);
        assertThat(w.buffers()).extracting(b -> b.count() + "x" + b.sizeBytes() + " " + b.lifetime())
                .containsExactly("2x1048576 " + BufferLifetime.ITERATION, "1x2097152 " + BufferLifetime.RUN);
        assertThat(w.buffers().getFirst().fragmentation()).isEqualTo(new Fragmentation.FixedRuns(8));
    }

    @Test
    void batchRangesGiveTheRunLengthDistribution() {
        Workload w = TraceWorkload.derive("t", List.of(
                "{\"op\": \"mmap\", \"start\": \"0x10000000\", \"size\": \"64MiB\"}",
                "{\"op\": \"alloc_batch\", \"gpu_id\": 1, \"va_addr\": \"0x200000000\", \"total_size\": 24576, \"flags\": [\"USERPTR\"], "
                        + "\"ranges\": [{\"start\": \"0x10000000\", \"size\": 8192}, {\"start\": \"0x10100000\", \"size\": 8192}, {\"start\": \"0x10200000\", \"size\": 8192}]}"));
        assertThat(w.buffers()).singleElement().satisfies(b -> assertThat(b.fragmentation())
                .isEqualTo(new Fragmentation.RunLengths(List.of(new Fragmentation.RunLength(8192, 3)))));
        assertThat(w.computeNs()).isEqualTo(1_000_000);
    }

    @Test
    void theExampleIoctlLogIsRecognisedAndGivesItsRing() {
        Workload w = TraceWorkload.derive(Path.of("..", "examples", "imports", "tinygrad-queue.ioctl-log"));
        assertThat(w.name()).isEqualTo("tinygrad-queue");
        assertThat(w.buffers()).singleElement().satisfies(b -> {
            assertThat(b.sizeBytes()).isEqualTo(65536);
            assertThat(b.lifetime()).isEqualTo(BufferLifetime.ITERATION);
        });
    }

    @Test
    void aTraceWithoutUserptrsIsAConfigError() {
        assertThatThrownBy(() -> TraceWorkload.derive("t", List.of("{\"op\": \"state\"}")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("registers no userptr buffer");
    }
}
