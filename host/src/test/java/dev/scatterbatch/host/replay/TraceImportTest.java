package dev.scatterbatch.host.replay;

import dev.scatterbatch.model.cost.TrapCostProfile;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The importers: the example logs under {@code examples/imports/} convert to exactly their checked-in traces and
 * replay to their expected output with every recorded answer matched; unreadable lines become skipped lines.
 */
class TraceImportTest {

    private static final Path IMPORTS = Path.of("..", "examples", "imports");

    @TestFactory
    Stream<DynamicTest> everyExampleLogConvertsAndReplaysToItsExpectedOutput() throws IOException {
        List<Path> logs;
        try (Stream<Path> files = Files.list(IMPORTS)) {
            logs = files.filter(p -> !p.toString().endsWith(".jsonl")).sorted().toList();
        }
        assertThat(logs).hasSize(2);
        return logs.stream().map(log -> DynamicTest.dynamicTest(log.getFileName().toString(), () -> {
            TraceFormat format = log.toString().endsWith(".strace") ? TraceFormat.STRACE : TraceFormat.IOCTL_LOG;
            List<String> converted;
            try (BufferedReader in = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
                assertThat(TraceFormat.recognise(Files.readAllLines(log).subList(0, 3))).isEqualTo(format);
                converted = format.toJsonLines(in);
            }
            assertThat(converted).containsExactlyElementsOf(Files.readAllLines(Path.of(log + ".jsonl")));
            StringBuilder out = new StringBuilder();
            ReplayRunner runner = new ReplayRunner(TrapCostProfile::defaults);
            runner.markImported();
            ReplayRunner.replay(new ByteArrayInputStream((String.join("\n", converted)).getBytes(StandardCharsets.UTF_8)), out, runner);
            assertThat(out.toString()).isEqualTo(Files.readString(Path.of(log + ".expected.jsonl")));
            assertThat(runner.allMatched()).isTrue();
            assertThat(runner.allUnderstood()).isTrue();
        }));
    }

    @Test
    void straceLinesOfEveryShapeAreReadOrSkippedWithAReason() throws IOException {
        List<String> out = StraceImport.convert(new BufferedReader(new StringReader("""
                [pid 7] 10:00:00.000001 ioctl(3, AMDKFD_IOC_GET_VERSION, 0x7ffe0000) = 0 <0.000002>
                7 ioctl(3, 0xc0184b18, 0x7ffe0000 <unfinished ...>
                \u0000\u00ff garbage
                ioctl(3, AMDKFD_IOC_GET_VERSION, 0x7ffe0000) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)
                ioctl(3, 0x80104b01 /* AMDKFD_IOC_GET_VERSION */, 0x7ffe0000) = 0
                mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_32BIT, -1, 0) = 0x40000000
                mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = -1 ENOMEM (Cannot allocate memory)
                ioctl(3, AMDKFD_IOC_CREATE_QUEUE, 0x7ffe0000) = -1 ENOTSUPP (Unknown error 524)
                """)));
        assertThat(out).containsExactly(
                "{\"op\":\"env\",\"gpus\":[{\"gpu_id\":1}],\"vm_not_acquired\":[1],\"note\":\"GPUs: one per render node seen (-y) or doorbell mmap; gpu_ids from doorbell offsets where seen, else 1..n\"}",
                "{\"op\":\"get_version\",\"expect\":{\"ret\":0}}",
                "{\"op\":\"skipped\",\"reason\":\"not a complete system call line strace prints\",\"source\":\"\\u0000\u00ff garbage\"}",
                "{\"op\":\"skipped\",\"reason\":\"no return value (? ERESTARTSYS (To be restarted if SA_RESTART is set))\",\"source\":\"ioctl(3, AMDKFD_IOC_GET_VERSION, 0x7ffe0000) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)\"}",
                "{\"op\":\"ioctl\",\"cmd\":\"0x80104b01\",\"args\":{},\"note\":\"size field 16 where the kernel's struct has 8\",\"expect\":{\"ret\":0}}",
                "{\"op\":\"mmap\",\"start\":\"0x40000000\",\"size\":4096,\"prot\":[\"PROT_READ\",\"PROT_WRITE\"],\"flags\":[\"MAP_PRIVATE\",\"MAP_ANONYMOUS\"],\"note\":\"flags the model ignores: MAP_32BIT; placed at the address the kernel chose\",\"expect\":{\"ret\":0}}",
                "{\"op\":\"skipped\",\"reason\":\"a failed mmap that let the kernel choose the address has none to replay\",\"source\":\"mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = -1 ENOMEM (Cannot allocate memory)\"}",
                "{\"op\":\"skipped\",\"reason\":\"AMDKFD_IOC_CREATE_QUEUE: strace prints no struct contents and its arguments cannot be assumed\",\"source\":\"ioctl(3, AMDKFD_IOC_CREATE_QUEUE, 0x7ffe0000) = -1 ENOTSUPP (Unknown error 524)\"}",
                "{\"op\":\"skipped\",\"reason\":\"the call never resumed before the log ended\",\"source\":\"ioctl(3, 0xc0184b18, 0x7ffe0000 <unfinished ...>\"}");
    }

    @Test
    void ioctlLogLinesThatCannotBeReadAreSkippedAndTheRestConverted() throws IOException {
        List<String> out = IoctlLogImport.convert(new BufferedReader(new StringReader("""
                  1.00 ms +   0.01 ms :  0 = AMDKFD_IOC_NO_SUCH_THING  a:0x1
                  2.00 ms +   0.01 ms :  0 = AMDKFD_IOC_GET_VERSION    major_version:0x1 bogus:0x2
                0: KFD_IOCTL_SVM_ATTR_ACCESS : 0x1
                  3.00 ms +   0.01 ms : -1 = AMDKFD_IOC_FREE_MEMORY_OF_GPU handle:0x100000003
                """)));
        assertThat(out).containsExactly(
                "{\"op\":\"env\",\"gpus\":[{\"gpu_id\":1}],\"vm_not_acquired\":[],\"bos\":[{\"handle\":\"0x100000003\",\"va_addr\":\"0x7e0000000000\",\"size\":4096,\"flags\":[\"GTT\"]}],\"note\":\"GPUs and render nodes from the log's gpu_id, handle and ACQUIRE_VM fields; first_handle and drm_offset_in_use from the first ALLOC; handles used before any ALLOC adopted as 4 KiB GTT BOs\"}",
                "{\"op\":\"skipped\",\"reason\":\"AMDKFD_IOC_NO_SUCH_THING is a command the model does not know\",\"source\":\"1.00 ms +   0.01 ms :  0 = AMDKFD_IOC_NO_SUCH_THING  a:0x1\"}",
                "{\"op\":\"skipped\",\"reason\":\"bogus is not a field of kfd_ioctl_get_version_args\",\"source\":\"2.00 ms +   0.01 ms :  0 = AMDKFD_IOC_GET_VERSION    major_version:0x1 bogus:0x2\"}",
                "{\"op\":\"skipped\",\"reason\":\"an SVM attribute line without its SVM call\",\"source\":\"KFD_IOCTL_SVM_ATTR_ACCESS=0x1\"}",
                "{\"op\":\"free\",\"handle\":\"0x100000003\",\"expect\":{\"failed\":true}}");
    }

    @Test
    void formatsAreRecognisedByContent() {
        assertThat(TraceFormat.recognise(List.of("# comment", "{\"op\": \"state\"}"))).isEqualTo(TraceFormat.JSONL);
        assertThat(TraceFormat.recognise(List.of("[pid 3] ioctl(3, AMDKFD_IOC_GET_VERSION, 0x1) = 0"))).isEqualTo(TraceFormat.STRACE);
        assertThat(TraceFormat.recognise(List.of(" 1.0 ms + 0.1 ms :  0 = AMDKFD_IOC_GET_VERSION major_version:0x1"))).isEqualTo(TraceFormat.IOCTL_LOG);
    }
}
