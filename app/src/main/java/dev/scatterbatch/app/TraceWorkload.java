package dev.scatterbatch.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scatterbatch.guest.memory.Fragmentation;
import dev.scatterbatch.guest.workload.BufferLifetime;
import dev.scatterbatch.guest.workload.BufferSpec;
import dev.scatterbatch.guest.workload.HostMemoryEvents;
import dev.scatterbatch.guest.workload.Workload;
import dev.scatterbatch.host.replay.ReplayRunner;
import dev.scatterbatch.host.replay.TraceFormat;
import dev.scatterbatch.model.config.ByteSizes;
import dev.scatterbatch.model.cost.ConfigException;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.uapi.AllocFlags;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code bench --workload-from-trace FILE}: a workload derived from what a trace registers. The trace (JSON Lines
 * or either import format, recognised by content) is replayed against the host model; every successful userptr
 * ALLOC is one guest buffer of its size, living for the iteration when the trace frees it and for the run otherwise;
 * buffers of equal size and lifetime are one buffer kind. The ranges of batch ALLOCs give the fragmentation (their
 * run lengths by frequency); a trace with only single-range userptrs gets 8-page runs (the calibration workload's).
 * The compute time of one iteration is the virtual time the trace's {@code advance} ops add up to (the GPU time
 * between calls in a timed log), at least 1 ms.
 */
final class TraceWorkload {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long PAGE = 4096;
    private static final long MIN_COMPUTE_NS = 1_000_000;
    /** The bare-metal score the derived workload is scaled to (scores compare scenarios, not workloads). */
    private static final double SCORE_REFERENCE = 100_000;
    private static final int ITERATIONS = 100;

    private TraceWorkload() {
    }

    /** The workload of the trace at {@code path}. */
    static Workload derive(Path path) {
        List<String> raw;
        try {
            raw = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException("trace file " + path + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
        TraceFormat format = TraceFormat.recognise(raw.subList(0, Math.min(raw.size(), 20)));
        List<String> lines;
        try {
            lines = format.toJsonLines(new BufferedReader(new StringReader(String.join("\n", raw))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return derive(path.getFileName().toString().replaceAll("\\.[^.]*$", ""), lines);
    }

    /** The workload named {@code name} of JSON Lines {@code lines}. */
    static Workload derive(String name, List<String> lines) {
        ReplayRunner runner = new ReplayRunner(TrapCostProfile::defaults);
        Map<Long, Long> liveSizes = new HashMap<>();
        Map<String, Long> names = new HashMap<>();
        List<long[]> buffers = new ArrayList<>();
        Map<Long, Integer> bufferOfHandle = new HashMap<>();
        TreeMap<Long, Integer> runs = new TreeMap<>();
        long computeNs = 0;
        int lineNo = 0;
        for (String text : lines) {
            String result = runner.run(++lineNo, text);
            if (result == null) continue;
            JsonNode in = read(text);
            JsonNode out = read(result);
            if (in == null || out == null || out.has("error")) continue;
            String op = in.path("op").asText();
            switch (op) {
                case "advance" -> computeNs += in.path("ns").asLong(0);
                case "alloc", "alloc_batch" -> {
                    if (out.path("ret").asInt(-1) != 0 || !isUserptr(in)) continue;
                    long handle = Long.parseUnsignedLong(out.path("handle").asText().substring(2), 16);
                    long size = op.equals("alloc") ? number(in.path("size")) : number(in.path("total_size"));
                    bufferOfHandle.put(handle, buffers.size());
                    buffers.add(new long[]{(size + PAGE - 1) / PAGE * PAGE, 0});
                    if (in.has("as")) names.put(in.get("as").asText(), handle);
                    for (JsonNode r : in.path("ranges")) runs.merge((number(r.path("size")) + PAGE - 1) / PAGE * PAGE, 1, Integer::sum);
                }
                case "free" -> {
                    if (out.path("ret").asInt(-1) != 0) continue;
                    String h = in.path("handle").asText();
                    Long handle = h.startsWith("$") ? names.get(h.substring(1)) : number(in.path("handle"));
                    Integer b = handle == null ? null : bufferOfHandle.remove(handle);
                    if (b != null) buffers.get(b)[1] = 1;
                }
                default -> {
                }
            }
        }
        if (buffers.isEmpty()) throw new ConfigException("the trace registers no userptr buffer, so it gives no workload");
        Fragmentation fragmentation = runs.isEmpty() ? new Fragmentation.FixedRuns(8)
                : new Fragmentation.RunLengths(runs.entrySet().stream()
                        .map(e -> new Fragmentation.RunLength(e.getKey(), e.getValue())).toList());
        Map<String, int[]> kinds = new TreeMap<>();
        Map<String, long[]> kindSpecs = new HashMap<>();
        for (long[] b : buffers) {
            String key = (b[1] == 1 ? "iteration-" : "run-") + b[0];
            kinds.computeIfAbsent(key, k -> new int[1])[0]++;
            kindSpecs.put(key, b);
        }
        List<BufferSpec> specs = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, int[]> k : kinds.entrySet()) {
            long[] b = kindSpecs.get(k.getKey());
            specs.add(new BufferSpec("userptr-" + k.getKey(), k.getValue()[0], b[0],
                    b[1] == 1 ? BufferLifetime.ITERATION : BufferLifetime.RUN, false, fragmentation));
            total += b[0] * k.getValue()[0];
        }
        long guestMemory = Math.max(16L << 30, Long.highestOneBit(Math.max(1, total * 4)) << 1);
        return new Workload(name, "derived from trace " + name + ": " + buffers.size() + " userptr buffers", ITERATIONS,
                guestMemory, 0, Math.max(MIN_COMPUTE_NS, computeNs), SCORE_REFERENCE, specs, HostMemoryEvents.NONE);
    }

    private static boolean isUserptr(JsonNode in) {
        JsonNode flags = in.path("flags");
        if (flags.isArray()) {
            for (JsonNode f : flags) if (f.asText().equals("USERPTR")) return true;
            return false;
        }
        return (number(flags) & AllocFlags.USERPTR) != 0;
    }

    private static long number(JsonNode v) {
        if (v.isNumber()) return v.asLong();
        String t = v.asText().strip();
        if (t.startsWith("0x") || t.startsWith("0X")) return Long.parseUnsignedLong(t.substring(2), 16);
        if (t.matches("\\d+")) return Long.parseLong(t);
        return ByteSizes.parse(t);
    }

    private static JsonNode read(String text) {
        try {
            JsonNode n = JSON.readTree(text);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }
}
