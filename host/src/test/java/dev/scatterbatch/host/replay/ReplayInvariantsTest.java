package dev.scatterbatch.host.replay;

import dev.scatterbatch.host.kfd.BoState;
import dev.scatterbatch.host.kfd.KfdProcess;
import dev.scatterbatch.host.kfd.KfdState;
import dev.scatterbatch.model.testing.RandomizedCheck;
import dev.scatterbatch.model.cost.TrapCostProfile;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random traces, valid and not, never throw, and after every line: memory accounting equals the sum of the live
 * BOs' page-aligned charges; the mm's notifiers are exactly the live ranges' (one per single or v4 BO, one per v2
 * range, one per SVM range); GPU VA mappings never overlap within a VM; queues are evicted exactly while
 * invalidation events are pending; a failed ALLOC, ALLOC_BATCH or FREE and a line that is not understood change
 * nothing. At the end, unmapping and freeing every BO brings the process back to its starting state.
 */
class ReplayInvariantsTest {

    private static final int SEQUENCES = 10_000;
    private static final long BASE = 0x10000000L;
    private static final Pattern HANDLE = Pattern.compile("\"handle\": \"0x([0-9a-f]+)\"");
    private static final String[] FLAG_SETS = {
            "[\"USERPTR\", \"WRITABLE\"]", "[\"GTT\"]", "[\"VRAM\"]", "[\"USERPTR\", \"GTT\"]", "[\"USERPTR\", \"VRAM\"]",
            "[\"USERPTR\", \"AQL_QUEUE_MEM\"]", "[\"GTT\", \"AQL_QUEUE_MEM\"]", "[\"DOORBELL\"]", "[\"WRITABLE\"]", "0"};

    @Test
    void randomTracesKeepTheModelConsistent() {
        RandomizedCheck.forAll(SEQUENCES, rnd -> new Sequence(rnd).run());
    }

    /** One random trace and the checks after each of its lines. */
    private static final class Sequence {
        private final SplittableRandom rnd;
        private final ReplayRunner runner = new ReplayRunner(TrapCostProfile::defaults);
        private final List<Long> handles = new ArrayList<>();
        private final List<String> trace = new ArrayList<>();
        private final List<Integer> gpus;
        private int line;

        Sequence(SplittableRandom rnd) {
            this.rnd = rnd;
            this.gpus = rnd.nextInt(3) == 0 ? List.of(1, 2) : List.of(1);
        }

        void run() {
            if (gpus.size() > 1) exec("{\"op\": \"env\", \"gpu_ids\": [1, 2], \"host_ram\": \"" + (1 + rnd.nextInt(8)) + "GiB\"}");
            exec("{\"op\": \"mmap\", \"start\": " + BASE + ", \"size\": \"1MiB\"}");
            int n = 1 + rnd.nextInt(40);
            for (int i = 0; i < n; i++) step(randomLine());
            teardown();
        }

        private void step(String text) {
            KfdProcess kfd = runner.process();
            KfdInvariants.Snapshot before = KfdInvariants.Snapshot.of(kfd);
            String out = exec(text);
            boolean refused = out.contains("\"error\":")
                    || (out.matches(".*\"op\": \"(alloc|alloc_batch|free)\", \"ret\": -.*"));
            if (refused) assertThat(KfdInvariants.Snapshot.of(kfd)).as(context()).isEqualTo(before);
            Matcher m = HANDLE.matcher(out);
            if (m.find() && out.contains("\"ret\": 0")) handles.add(Long.parseUnsignedLong(m.group(1), 16));
            checkInvariants(kfd);
        }

        private String exec(String text) {
            trace.add(text);
            String out = runner.run(++line, text);
            assertThat(out).as(context()).isNotNull();
            return out;
        }

        private String context() {
            return "trace:\n" + String.join("\n", trace);
        }

        private void checkInvariants(KfdProcess kfd) {
            KfdInvariants.check(kfd, this::context);
        }

        private void teardown() {
            KfdProcess kfd = runner.process();
            for (BoState b : kfd.state().bos()) {
                for (int gpu : gpus) {
                    if (kfd.state().bos().stream().anyMatch(x -> x.handle() == b.handle() && x.mapped() > 0)) {
                        exec("{\"op\": \"unmap\", \"handle\": " + Long.toUnsignedString(b.handle()) + ", \"devices\": [" + gpu + "]}");
                    }
                }
                String out = exec("{\"op\": \"free\", \"handle\": " + Long.toUnsignedString(b.handle()) + "}");
                assertThat(out).as(context()).endsWith("\"ret\": 0}");
            }
            KfdState s = kfd.state();
            assertThat(s.bos()).as(context()).isEmpty();
            assertThat(s.systemMemUsed()).as(context()).isZero();
            assertThat(kfd.driver().ttmMemUsed()).as(context()).isZero();
            assertThat(s.notifiers()).as(context()).isEqualTo(kfd.svmRangeCount());
            assertThat(kfd.gpuVaMappings()).as(context()).isEmpty();
            for (int gpu : gpus) {
                assertThat(kfd.driver().vramUsed(gpu)).as(context()).isZero();
                assertThat(kfd.driver().mmapOffsetsInUse(gpu)).as(context()).isZero();
                assertThat(kfd.vramUsage(gpu)).as(context()).isZero();
            }
            exec("{\"op\": \"advance\", \"ns\": 100000000}");
            KfdState later = kfd.state();
            assertThat(later.evictedBos()).as(context()).isZero();
            assertThat(later.queuesActive()).as(context()).isTrue();
            assertThat(later.restoreScheduledAtNs()).as(context()).isNull();
            String again = exec("{\"op\": \"alloc\", \"gpu_id\": 1, \"va_addr\": 0, \"size\": 4096, \"flags\": [\"GTT\"]}");
            assertThat(again).as(context()).contains("\"handle\": \"0x100000000\", \"mmap_offset\": \"0x100000000\"");
        }

        private String randomLine() {
            return switch (rnd.nextInt(20)) {
                case 0 -> "{\"op\": \"mmap\", \"start\": " + addr() + ", \"size\": " + size() + pageSize() + "}";
                case 1 -> "{\"op\": \"munmap\", \"start\": " + addr() + ", \"size\": " + size() + "}";
                case 2, 3 -> "{\"op\": \"invalidate\", \"start\": " + addr() + ", \"size\": " + size() + ", \"blockable\": " + (rnd.nextInt(4) > 0) + "}";
                case 4 -> "{\"op\": \"advance\", \"ns\": " + rnd.nextLong(3_000_000) + "}";
                case 5 -> "{\"op\": \"inject\", \"what\": \"hmm_fault\", \"errno\": \"" + pick("EFAULT", "EBUSY", "ENOMEM") + "\", \"count\": " + (1 + rnd.nextInt(2)) + "}";
                case 6, 7 -> "{\"op\": \"alloc\", \"gpu_id\": " + gpu() + ", \"va_addr\": " + gpuVa() + ", \"size\": " + size()
                        + ", \"mmap_offset\": " + addr() + ", \"flags\": " + FLAG_SETS[rnd.nextInt(FLAG_SETS.length)] + "}";
                case 8 -> {
                    Ranges r = ranges();
                    yield "{\"op\": \"alloc\", \"gpu_id\": " + gpu() + ", \"va_addr\": " + gpuVa() + ", \"size\": " + r.total()
                            + ", \"mmap_offset\": \"0x7fff00000000\", \"flags\": [\"USERPTR\", \"USERPTR_BATCH\"], \"ranges\": " + r.json() + "}";
                }
                case 9, 10 -> {
                    Ranges r = ranges();
                    yield "{\"op\": \"alloc_batch\", \"gpu_id\": " + gpu() + ", \"va_addr\": " + gpuVa() + ", \"total_size\": "
                            + r.total() + ", \"ranges\": " + r.json() + ", \"flags\": " + pick("[\"USERPTR\"]", "[\"USERPTR\", \"GTT\"]", "[\"GTT\"]") + "}";
                }
                case 11, 12 -> "{\"op\": \"" + pick("map", "unmap") + "\", \"handle\": " + handle() + ", \"devices\": " + deviceList() + "}";
                case 13 -> "{\"op\": \"free\", \"handle\": " + handle() + "}";
                case 14 -> "{\"op\": \"svm\", \"start\": " + addr() + ", \"size\": " + size() + "}";
                case 15 -> "{\"op\": \"ioctl\", \"cmd\": " + pick("\"0xC0284B16\"", "\"0x4B16\"", "\"0x4B28\"", "\"0x4B17\"", "\"0x4B19\"", "\"0xC0104B30\"", "\"0x4B01\"") + "}";
                case 16 -> "{\"op\": \"state\"}";
                case 17 -> "{\"op\": \"mremap\", \"old_addr\": " + addr() + ", \"size\": " + size() + ", \"new_addr\": " + addr() + "}";
                default -> malformed();
            };
        }

        private String malformed() {
            return pick("{\"op\": \"alloc\", \"gpu_id\": 1}", "{\"op\": \"nope\"}", "not json", "{\"op\": \"free\", \"handle\": -1}",
                    "{\"op\": \"alloc\", \"gpu_id\": 1, \"va_addr\": 0, \"size\": -4096, \"flags\": 2}",
                    "{\"op\": \"map\", \"handle\": \"$missing\", \"devices\": [1]}",
                    "{\"op\": \"mremap\", \"old_addr\": " + BASE + ", \"size\": 4096, \"new_addr\": 0, \"flags\": 1}",
                    "{\"op\": \"ioctl\", \"cmd\": \"0x4B27\"}", "{\"op\": \"env\"}", "[]");
        }

        private String addr() {
            return switch (rnd.nextInt(12)) {
                case 0 -> "0";
                case 1 -> "\"0xfffffffffffff000\"";
                case 2 -> Long.toString(BASE + 1 + rnd.nextInt(4096));
                default -> Long.toString(BASE + rnd.nextInt(-16, 300) * 4096L);
            };
        }

        private String size() {
            return switch (rnd.nextInt(10)) {
                case 0 -> "0";
                case 1 -> "\"0xfffffffffffff000\"";
                case 2 -> Integer.toString(1 + rnd.nextInt(8192));
                default -> Integer.toString((1 + rnd.nextInt(8)) * 4096);
            };
        }

        private String pageSize() {
            return rnd.nextInt(4) == 0 ? ", \"page_size\": \"2MiB\"" : "";
        }

        private String gpuVa() {
            return rnd.nextInt(6) == 0 ? "0" : Long.toString(0x200000000L + rnd.nextInt(64) * 4096L);
        }

        private String gpu() {
            return rnd.nextInt(8) == 0 ? "7" : Integer.toString(gpus.get(rnd.nextInt(gpus.size())));
        }

        private String deviceList() {
            int n = rnd.nextInt(3);
            List<String> d = new ArrayList<>();
            for (int i = 0; i < n; i++) d.add(gpu());
            return d.toString();
        }

        /** Up to four ranges, mostly page-aligned inside the mapped window, and their total (usually right). */
        private Ranges ranges() {
            int n = rnd.nextInt(5);
            List<String> r = new ArrayList<>();
            long total = 0;
            for (int i = 0; i < n; i++) {
                boolean plain = rnd.nextInt(5) > 0;
                String start = plain ? Long.toString(BASE + rnd.nextInt(256) * 4096L) : addr();
                long bytes = (1 + rnd.nextInt(8)) * 4096L;
                String size = plain ? Long.toString(bytes) : size();
                total += plain ? bytes : 4096;
                r.add("{\"start\": " + start + ", \"size\": " + size + "}");
            }
            return new Ranges(r.toString(), rnd.nextInt(5) > 0 ? Long.toString(total) : size());
        }

        private String handle() {
            if (handles.isEmpty() || rnd.nextInt(5) == 0) return pick("0", "\"0x100000000\"", "\"0x100000007\"", "\"0x700000000\"");
            return Long.toUnsignedString(handles.get(rnd.nextInt(handles.size())));
        }

        private String pick(String... options) {
            return options[rnd.nextInt(options.length)];
        }
    }

    private record Ranges(String json, String total) {
    }
}
