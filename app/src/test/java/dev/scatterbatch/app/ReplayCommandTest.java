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
    void aRecordedAnswerThatDoesNotMatchExitsOneAfterTheSummary() throws IOException {
        CliRunner r = CliRunner.run("replay", trace("""
                {"op": "free", "handle": 7, "expect": {"ret": 0}}
                """).toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).endsWith("{\"summary\": {\"lines\": 1, \"compared\": 1, \"matched\": 0, \"skipped\": 0}}\n");
    }

    @Test
    void anStraceLogIsImportedAndItsConversionEmitted() throws IOException {
        Path log = Files.writeString(dir.resolve("run.strace"), """
                ioctl(3</dev/kfd>, 0x80084b01 /* AMDKFD_IOC_GET_VERSION */, 0x7ffd2c5f8a10) = 0
                ioctl(3</dev/kfd>, 0xc0284b16 /* AMDKFD_IOC_ALLOC_MEMORY_OF_GPU */, 0x7ffd2c5f8a80) = 0
                """);
        Path emitted = dir.resolve("run.jsonl");
        CliRunner r = CliRunner.run("replay", "--from", "strace", "--emit", emitted.toString(), log.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out().lines().toList().getLast()).isEqualTo("{\"summary\": {\"lines\": 3, \"compared\": 1, \"matched\": 1, \"skipped\": 1}}");
        assertThat(Files.readAllLines(emitted)).hasSize(3).element(1).isEqualTo("{\"op\":\"get_version\",\"expect\":{\"ret\":0}}");
    }

    @Test
    void anUnknownImportFormatIsBadInput() throws IOException {
        CliRunner r = CliRunner.run("replay", "--from", "ltrace", trace("").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--from ltrace is not a format replay reads");
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
