package dev.scatterbatch.host.replay;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.scatterbatch.host.kfd.BoState;
import dev.scatterbatch.host.kfd.KfdEnvironment;
import dev.scatterbatch.host.kfd.KfdProcess;
import dev.scatterbatch.host.kfd.KfdState;
import dev.scatterbatch.host.kfd.UnmodelledIoctlException;
import dev.scatterbatch.host.mm.Invalidation;
import dev.scatterbatch.host.mm.MmStruct;
import dev.scatterbatch.host.mm.PageSize;
import dev.scatterbatch.model.cost.CostLedger;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.sim.EventQueue;
import dev.scatterbatch.model.uapi.AllocMemoryOfGpuArgs;
import dev.scatterbatch.model.uapi.AllocMemoryOfGpuBatchArgs;
import dev.scatterbatch.model.uapi.Errno;
import dev.scatterbatch.model.uapi.FreeMemoryOfGpuArgs;
import dev.scatterbatch.model.uapi.IoctlResult;
import dev.scatterbatch.model.uapi.KfdHandle;
import dev.scatterbatch.model.uapi.MapMemoryToGpuArgs;
import dev.scatterbatch.model.uapi.SparseUserMemory;
import dev.scatterbatch.model.uapi.SvmArgs;
import dev.scatterbatch.model.uapi.UserMemory;
import dev.scatterbatch.model.uapi.UserptrRange;
import dev.scatterbatch.model.uapi.UserptrRangesData;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Runs a replay trace line by line against one {@link KfdProcess} (docs/replay.md). Each understood line changes the
 * model and yields one result line; a line that cannot be understood yields {@code {"line": n, "error": "..."}}
 * and changes nothing (every field is read and checked before the model is touched).
 */
public final class ReplayRunner {

    /** Where the replay's user space keeps the arrays it passes by pointer, unless a line says otherwise. */
    static final long DEFAULT_RANGES_PTR = 0x7ff0_0000_0000L;
    static final long DEFAULT_DEVICES_PTR = 0x7ff0_1000_0000L;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    private static final Set<String> ENV_FIELDS = Set.of("host_ram", "gpu_ids", "no_system_mem_limit", "vram_size",
            "large_bar", "primary_context", "vm_not_acquired", "signal_handle");

    private final Supplier<TrapCostProfile> profile;
    private final EventQueue clock = new EventQueue();
    private final Map<String, Long> names = new HashMap<>();
    private KfdProcess process;
    private boolean anyOpSeen;
    private boolean allUnderstood = true;

    /** A runner whose costs come from {@code profile}. */
    public ReplayRunner(Supplier<TrapCostProfile> profile) {
        this.profile = profile;
    }

    /** Whether every line so far was understood (exit code 0 rather than 2). */
    public boolean allUnderstood() {
        return allUnderstood;
    }

    /** The process the trace runs against (created with the starting environment on first use). */
    public KfdProcess process() {
        if (process == null) process = new KfdProcess(KfdEnvironment.defaults(), clock, profile);
        return process;
    }

    /**
     * Runs input line {@code lineNumber}; returns its result line, or null for a blank or {@code #} line.
     */
    public String run(int lineNumber, String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) return null;
        try {
            JsonNode node = parse(trimmed);
            JsonNode opNode = node.get("op");
            if (opNode == null || !opNode.isTextual()) throw new TraceLineException("a line needs \"op\" as a string");
            String op = opNode.textValue();
            String out = execute(lineNumber, op, new TraceFields(node, op));
            anyOpSeen = true;
            return out;
        } catch (TraceLineException | UnmodelledIoctlException | UnsupportedOperationException e) {
            allUnderstood = false;
            return new JsonLine().number("line", lineNumber).text("error", e.getMessage()).toString();
        }
    }

    private static JsonNode parse(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject()) throw new TraceLineException("a line must be one JSON object");
            return node;
        } catch (JsonProcessingException e) {
            throw new TraceLineException("not valid JSON: " + e.getOriginalMessage());
        }
    }

    private String execute(int line, String op, TraceFields f) {
        JsonLine out = new JsonLine().number("line", line).text("op", op);
        return switch (op) {
            case "env" -> env(f, out);
            case "mmap" -> mmap(f, out);
            case "munmap" -> munmap(f, out);
            case "mremap" -> mremap(f, out);
            case "svm" -> svm(f, out);
            case "invalidate" -> invalidate(f, out);
            case "advance" -> advance(f, out);
            case "inject" -> inject(f, out);
            case "alloc" -> alloc(f, out);
            case "alloc_batch" -> allocBatch(f, out);
            case "map" -> mapOrUnmap(f, out, true);
            case "unmap" -> mapOrUnmap(f, out, false);
            case "free" -> free(f, out);
            case "ioctl" -> ioctl(f, out);
            case "state" -> state(f, out);
            default -> throw new TraceLineException("unknown op '" + op + "' (known: env, mmap, munmap, mremap, svm, invalidate, "
                    + "advance, inject, alloc, alloc_batch, map, unmap, free, ioctl, state)");
        };
    }

    private String env(TraceFields f, JsonLine out) {
        f.onlyKnown(ENV_FIELDS);
        if (anyOpSeen) throw new TraceLineException("env must be the first op of a trace");
        KfdEnvironment d = KfdEnvironment.defaults();
        List<Integer> gpus = d.gpuIds();
        if (f.has("gpu_ids")) gpus = Arrays.stream(f.u32List("gpu_ids")).boxed().toList();
        Set<Integer> noVm = f.has("vm_not_acquired")
                ? Set.copyOf(Arrays.stream(f.u32List("vm_not_acquired")).boxed().toList()) : Set.of();
        KfdEnvironment env;
        try {
            env = new KfdEnvironment(f.size("host_ram", d.hostRam()), gpus, f.bool("no_system_mem_limit", false),
                    f.size("vram_size", d.vramSize()), f.bool("large_bar", true), f.bool("primary_context", true),
                    noVm, f.u64("signal_handle", 0));
        } catch (IllegalArgumentException e) {
            throw new TraceLineException(e.getMessage());
        }
        process = new KfdProcess(env, clock, profile);
        return out.toString();
    }

    private String mmap(TraceFields f, JsonLine out) {
        f.onlyKnown(Set.of("start", "size", "page_size"));
        long start = f.u64("start");
        long size = f.size("size");
        PageSize backing;
        try {
            backing = PageSize.ofBytes(f.size("page_size", PageSize.SMALL.bytes()));
        } catch (IllegalArgumentException e) {
            throw new TraceLineException("page_size: " + e.getMessage());
        }
        return syscall(out, process().mm().mmap(start, size, backing));
    }

    private String munmap(TraceFields f, JsonLine out) {
        f.onlyKnown(Set.of("start", "size"));
        long start = f.u64("start");
        long size = f.size("size");
        return syscall(out, process().mm().munmap(start, size));
    }

    private String mremap(TraceFields f, JsonLine out) {
        f.onlyKnown(Set.of("old_addr", "size", "new_addr", "flags"));
        long oldAddr = f.u64("old_addr");
        long size = f.size("size");
        long newAddr = f.u64("new_addr");
        int flags = MmStruct.MREMAP_MAYMOVE | MmStruct.MREMAP_FIXED | MmStruct.MREMAP_DONTUNMAP;
        if (f.has("flags")) flags = f.u32("flags");
        return syscall(out, process().mm().mremap(oldAddr, size, size, flags, newAddr));
    }

    private String svm(TraceFields f, JsonLine out) {
        f.onlyKnown(Set.of("start", "size"));
        long start = f.u64("start");
        long size = f.size("size");
        IoctlResult<SvmArgs> r = process().svm(new SvmArgs(start, size, SvmArgs.OP_SET_ATTR, 0), new CostLedger());
        return ret(out, r.ret()).toString();
    }

    private String invalidate(TraceFields f, JsonLine out) {
        f.onlyKnown(Set.of("start", "size", "blockable"));
        long start = f.u64("start");
        long size = f.size("size");
        boolean blockable = f.bool("blockable", true);
        Invalidation inv = process().mm().invalidate(start, start + size, blockable);
        return ret(out, inv.ret()).number("notified", inv.notified()).toString();
    }

    private String advance(TraceFields f, JsonLine out) {
        f.onlyKnown(Set.of("ns"));
        long ns = f.u64("ns");
        long target = clock.nowNs() + ns;
        if (ns < 0 || target < 0) throw new TraceLineException("ns " + Long.toUnsignedString(ns) + " would move virtual time past its end");
        process();
        clock.runUntil(target);
        return out.number("time_ns", clock.nowNs()).toString();
    }

    private String inject(TraceFields f, JsonLine out) {
        f.onlyKnown(Set.of("what", "errno", "count"));
        String what = f.text("what");
        if (!what.equals("hmm_fault")) throw new TraceLineException("inject what '" + what + "' is unknown (known: hmm_fault)");
        Errno errno = f.errno("errno");
        int count = f.u32("count", 1);
        if (count < 0) throw new TraceLineException("count " + Integer.toUnsignedString(count) + " is out of range");
        process().injectRestoreFaults(errno, count);
        return out.toString();
    }

    private String alloc(TraceFields f, JsonLine out) {
        f.onlyKnown(Set.of("gpu_id", "va_addr", "size", "mmap_offset", "flags", "ranges", "reserved", "num_ranges",
                "ranges_readable", "as"));
        int gpuId = f.u32("gpu_id");
        long va = f.u64("va_addr");
        long size = f.size("size");
        long mmapOffset = f.u64("mmap_offset", 0);
        int flags = f.flags("flags");
        String name = f.handleName();
        SparseUserMemory user = new SparseUserMemory();
        if (f.has("ranges")) {
            List<UserptrRange> ranges = f.objects("ranges", ReplayRunner::range);
            int numRanges = f.u32("num_ranges", ranges.size());
            int reserved = f.u32("reserved", 0);
            if (f.bool("ranges_readable", true) && mmapOffset != 0) {
                UserptrRangesData data = new UserptrRangesData(numRanges, reserved, ranges);
                place(() -> user.placeRangesData(mmapOffset, data), "mmap_offset");
            }
        } else if (f.has("num_ranges") || f.has("reserved") || f.has("ranges_readable")) {
            throw new TraceLineException("num_ranges, reserved and ranges_readable go with ranges (the v3/v4 batch ABI)");
        }
        IoctlResult<AllocMemoryOfGpuArgs> r = process().allocMemoryOfGpu(
                AllocMemoryOfGpuArgs.request(gpuId, va, size, mmapOffset, flags), user, new CostLedger());
        ret(out, r.ret());
        if (r.isSuccess()) {
            bind(name, r.args().handle());
            out.text("handle", KfdHandle.format(r.args().handle())).text("mmap_offset", JsonLine.hex(r.args().mmapOffset()));
        }
        return out.toString();
    }

    private String allocBatch(TraceFields f, JsonLine out) {
        f.onlyKnown(Set.of("gpu_id", "va_addr", "total_size", "ranges", "flags", "ranges_ptr", "ranges_readable",
                "num_ranges", "as"));
        int gpuId = f.u32("gpu_id");
        long va = f.u64("va_addr");
        long total = f.size("total_size");
        List<UserptrRange> ranges = f.objects("ranges", ReplayRunner::range);
        int flags = f.flags("flags");
        long rangesPtr = f.u64("ranges_ptr", DEFAULT_RANGES_PTR);
        int numRanges = f.u32("num_ranges", ranges.size());
        String name = f.handleName();
        SparseUserMemory user = new SparseUserMemory();
        if (f.bool("ranges_readable", true) && rangesPtr != 0 && !ranges.isEmpty()) {
            place(() -> user.placeRanges(rangesPtr, ranges), "ranges_ptr");
        }
        IoctlResult<AllocMemoryOfGpuBatchArgs> r = process().allocMemoryOfGpuBatch(
                AllocMemoryOfGpuBatchArgs.request(gpuId, va, total, rangesPtr, numRanges, flags), user, new CostLedger());
        ret(out, r.ret());
        if (r.isSuccess()) {
            bind(name, r.args().handle());
            out.text("handle", KfdHandle.format(r.args().handle()));
        }
        return out.toString();
    }

    private String mapOrUnmap(TraceFields f, JsonLine out, boolean map) {
        f.onlyKnown(Set.of("handle", "devices", "n_success", "n_devices", "device_ids_array_ptr", "devices_readable"));
        long handle = f.handle("handle", names);
        int[] devices = f.u32List("devices");
        int nSuccess = f.u32("n_success", 0);
        int nDevices = f.u32("n_devices", devices.length);
        long ptr = f.u64("device_ids_array_ptr", DEFAULT_DEVICES_PTR);
        SparseUserMemory user = new SparseUserMemory();
        if (f.bool("devices_readable", true) && ptr != 0 && devices.length > 0) {
            place(() -> user.placeU32s(ptr, devices), "device_ids_array_ptr");
        }
        MapMemoryToGpuArgs args = new MapMemoryToGpuArgs(handle, ptr, nDevices, nSuccess);
        IoctlResult<MapMemoryToGpuArgs> r = map
                ? process().mapMemoryToGpu(args, user, new CostLedger())
                : process().unmapMemoryFromGpu(args, user, new CostLedger());
        ret(out, r.ret());
        if (r.isSuccess() || r.args().nSuccess() != nSuccess) out.number("n_success", Integer.toUnsignedLong(r.args().nSuccess()));
        return out.toString();
    }

    private String free(TraceFields f, JsonLine out) {
        f.onlyKnown(Set.of("handle"));
        long handle = f.handle("handle", names);
        return ret(out, process().freeMemoryOfGpu(new FreeMemoryOfGpuArgs(handle), new CostLedger()).ret()).toString();
    }

    private String ioctl(TraceFields f, JsonLine out) {
        f.onlyKnown(Set.of("cmd"));
        int cmd = f.u32("cmd");
        return ret(out, process().ioctl(cmd, 0, UserMemory.none(), new CostLedger()).ret()).toString();
    }

    private String state(TraceFields f, JsonLine out) {
        f.onlyKnown(Set.of());
        KfdState s = process().state();
        StringBuilder bos = new StringBuilder("[");
        for (BoState b : s.bos()) {
            if (bos.length() > 1) bos.append(", ");
            bos.append(new JsonLine().text("handle", KfdHandle.format(b.handle())).number("invalid", b.invalid())
                    .bool("on_inval_list", b.onInvalList()).number("mapped", b.mapped()).number("ranges", b.ranges()));
        }
        return out.number("time_ns", s.timeNs()).number("system_mem_used", s.systemMemUsed())
                .number("evicted_bos", s.evictedBos()).bool("queues_active", s.queuesActive())
                .number("queue_evict_count", s.queueEvictCount()).numberOrNull("restore_scheduled_at_ns", s.restoreScheduledAtNs())
                .number("notifiers", s.notifiers()).raw("bos", bos.append(']').toString()).toString();
    }

    private static UserptrRange range(TraceFields r) {
        r.onlyKnown(Set.of("start", "size"));
        return new UserptrRange(r.u64("start"), r.size("size"));
    }

    private void bind(String name, long handle) {
        if (name != null) names.put(name, handle);
    }

    /** Lays out a user buffer; a buffer the address space cannot hold makes the line an error. */
    private static void place(Runnable placement, String field) {
        try {
            placement.run();
        } catch (IllegalArgumentException e) {
            throw new TraceLineException(field + ": " + e.getMessage());
        }
    }

    /** A system call's result: a negative value is {@code -errno}, anything else success. */
    private static String syscall(JsonLine out, long result) {
        return ret(out, result < 0 ? (int) result : 0).toString();
    }

    private static JsonLine ret(JsonLine out, int ret) {
        out.number("ret", ret);
        if (ret < 0) out.text("errno", Errno.fromReturn(ret).map(Enum::name).orElse("E" + -ret));
        return out;
    }

    /**
     * Replays every line of {@code in}, writing one result line per op line to {@code out}; returns whether every
     * line was understood.
     */
    public static boolean replay(BufferedReader in, Appendable out, Supplier<TrapCostProfile> profile) throws IOException {
        ReplayRunner runner = new ReplayRunner(profile);
        String text;
        int line = 0;
        while ((text = in.readLine()) != null) {
            String result = runner.run(++line, text);
            if (result != null) out.append(result).append('\n');
        }
        return runner.allUnderstood();
    }
}
