package dev.scatterbatch.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayCommandTest {

    @TempDir
    Path dir;

    private Path trace(String text) throws IOException {
        return Files.writeString(dir.resolve("trace.jsonl"), text);
    }

    @Test
    void aTraceWhoseLinesAreAllUnderstoodExitsZeroWithOneLinePerOp() throws IOException {
        CliRunner r = CliRunner.run("replay", trace("""
                # comment
                {"op": "alloc", "gpu_id": 1, "va_addr": 0, "size": 4096, "flags": ["GTT"]}
                {"op": "free", "handle": 7}
                """).toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("""
                {"line": 2, "op": "alloc", "ret": 0, "handle": "0x100000000", "mmap_offset": "0x100000000"}
                {"line": 3, "op": "free", "ret": -22, "errno": "EINVAL"}
                """);
    }

    @Test
    void aLineThatIsNotUnderstoodExitsTwoAfterReplayingTheRest() throws IOException {
        CliRunner r = CliRunner.run("replay", trace("""
                {"op": "warp"}
                {"op": "state"}
                """).toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out().lines()).hasSize(2);
    }

    @Test
    void theProfileTimesTheRestoreWorker() throws IOException {
        CliRunner r = CliRunner.run("replay", "--set", "kernelHz=500", trace("""
                {"op": "mmap", "start": "0x10000000", "size": "1MiB"}
                {"op": "alloc", "gpu_id": 1, "va_addr": 0, "size": 4096, "mmap_offset": "0x10000000", "flags": ["USERPTR"]}
                {"op": "invalidate", "start": "0x10000000", "size": 4096}
                {"op": "state"}
                """).toString());
        assertThat(r.out()).contains("\"restore_scheduled_at_ns\": 2100000");
    }

    @Test
    void aMissingFileOrUnknownParameterIsBadInput() {
        CliRunner missing = CliRunner.run("replay", dir.resolve("nope.jsonl").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.jsonl does not exist");
        assertThat(CliRunner.run("replay", "--set", "warpFactor=9", "-").exitCode()).isEqualTo(2);
    }
}
