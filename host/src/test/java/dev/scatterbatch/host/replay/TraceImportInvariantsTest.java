package dev.scatterbatch.host.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.testing.RandomizedCheck;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Importers never stop on a line: logs spliced together from pieces of real lines, cut at random places, convert to
 * one JSON op per line at most, and the converted trace replays to one result per op line.
 */
class TraceImportInvariantsTest {

    private static final List<String> STRACE = List.of(
            "ioctl(3</dev/kfd>, 0xc0184b18 /* AMDKFD_IOC_MAP_MEMORY_TO_GPU */, 0x7ffd0000) = -1 EBUSY (Device or resource busy)",
            "[pid 12] 10:00:00.1 ioctl(3</dev/kfd>, AMDKFD_IOC_GET_VERSION, 0x7ffd0000) = 0 <0.000001>",
            "ioctl(3</dev/kfd>, _IOC(_IOC_READ|_IOC_WRITE, 0x4b, 0x99, 0x10), 0x1) = -1 ENOTTY (Inappropriate ioctl for device)",
            "ioctl(3</dev/kfd>, 0x40084b15 /* AMDKFD_IOC_ACQUIRE_VM */, 0x1) = 0",
            "[pid 13] ioctl(3</dev/kfd>, 0xc0184b0c /* AMDKFD_IOC_WAIT_EVENTS */, 0x1 <unfinished ...>",
            "[pid 13] <... ioctl resumed>) = 0",
            "mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_SHARED, 3</dev/kfd>, 0xc000400000000000) = 0x7f0000000000",
            "mmap(0x7f1000000000, 2097152, PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE, -1, 0) = 0x7f1000000000",
            "munmap(0x7f1000000000, 4096) = 0",
            "mremap(0x7f1000000000, 4096, 4096, MREMAP_MAYMOVE|MREMAP_FIXED, 0x7f2000000000) = 0x7f2000000000",
            "madvise(0x7f1000000000, 4096, MADV_DONTFORK) = 0",
            "mbind(0x7f1000000000, 4096, MPOL_BIND, [0x1], 2, 0) = 0",
            "mmap(0x1, -5, PROT_READ, MAP_FIXED|MAP_ANONYMOUS, -1, 0) = 0x1",
            "+++ exited with 0 +++");
    private static final List<String> LOG = List.of(
            "  1.00 ms +   0.01 ms :  0 = AMDKFD_IOC_GET_VERSION  major_version:0x1 minor_version:0x12",
            "  2.00 ms +   0.01 ms :  0 = AMDKFD_IOC_ALLOC_MEMORY_OF_GPU va_addr:0x7f0000000000 size:0x1000 handle:0x100000000 mmap_offset:0x100000000 gpu_id:0x1 flags:0xd0000004",
            "  3.00 ms +   0.01 ms : -1 = AMDKFD_IOC_MAP_MEMORY_TO_GPU handle:0x100000000 device_ids_array_ptr:0x1 n_devices:0x1 n_success:0x0",
            "  4.00 ms +   0.01 ms :  0 = AMDKFD_IOC_SVM start_addr:0x7f0010000000 size:0x1000 op:0x0 nattr:0x1",
            "0: KFD_IOCTL_SVM_ATTR_ACCESS : 0x1",
            "  5.00 ms +   0.01 ms :  0 = AMDKFD_IOC_CREATE_QUEUE ring_base_address:0x7f0000000000 ring_size:0x400 gpu_id:0x1 queue_type:0x2",
            "  6.00 ms +   0.01 ms :  0 = AMDKFD_IOC_WAIT_EVENTS events_ptr:0x1 num_events:0x1 wait_for_all:0x0 timeout:0x0 wait_result:0x1",
            "  7.00 ms +   0.01 ms :  0 = AMDKFD_IOC_UPDATE_QUEUE ring_base_address:0x0 queue_id:0x0 ring_size:0x0 queue_percentage:0x64 queue_priority:0x7",
            "ioctl idir=3 size=16 itype=75 nr=200 fd=3 ret=-1",
            "  8.00 ms +   0.01 ms :  0 = AMDKFD_IOC_FREE_MEMORY_OF_GPU handle:0x100000000");

    @Test
    void splicedAndCutLogsConvertAndReplayWithoutStopping() {
        RandomizedCheck.forAll(60, random -> {
            check(TraceFormat.STRACE, log(random, STRACE));
            check(TraceFormat.IOCTL_LOG, log(random, LOG));
        });
    }

    private static String log(SplittableRandom random, List<String> pieces) {
        StringBuilder sb = new StringBuilder();
        int lines = 1 + random.nextInt(30);
        for (int i = 0; i < lines; i++) {
            String line = pieces.get(random.nextInt(pieces.size()));
            if (random.nextInt(5) == 0) line = line.substring(0, random.nextInt(line.length() + 1));
            if (random.nextInt(10) == 0) line = line + pieces.get(random.nextInt(pieces.size()));
            sb.append(line).append('\n');
        }
        return sb.toString();
    }

    private static void check(TraceFormat format, String log) {
        try {
            List<String> converted = format.toJsonLines(new BufferedReader(new StringReader(log)));
            assertThat(converted.size()).as(log).isLessThanOrEqualTo(1 + 2 * (int) log.lines().count());
            for (String line : converted) {
                JsonNode n = ImportedTrace.JSON.readTree(line);
                assertThat(n.path("op").isTextual()).as(line).isTrue();
            }
            ReplayRunner runner = new ReplayRunner(TrapCostProfile::defaults);
            runner.markImported();
            StringBuilder out = new StringBuilder();
            ReplayRunner.replay(new ByteArrayInputStream((String.join("\n", converted)).getBytes(StandardCharsets.UTF_8)), out, runner);
            assertThat(out.toString().lines()).as(log).hasSize(converted.size() + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
