package dev.scatterbatch.host.replay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.scatterbatch.host.kfd.BoState;
import dev.scatterbatch.host.kfd.KernelVersion;
import dev.scatterbatch.host.kfd.KfdEnvironment;
import dev.scatterbatch.host.kfd.KfdNodeProperties;
import dev.scatterbatch.host.kfd.KfdProcess;
import dev.scatterbatch.host.kfd.KfdState;
import dev.scatterbatch.host.kfd.UnmodelledIoctlException;
import dev.scatterbatch.host.mm.Invalidation;
import dev.scatterbatch.host.mm.MmStruct;
import dev.scatterbatch.host.mm.PageSize;
import dev.scatterbatch.host.mm.Vma;
import dev.scatterbatch.model.cost.CostLedger;
import dev.scatterbatch.model.cost.ProfileLoader;
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
import dev.scatterbatch.model.uapi.SvmAttribute;
import dev.scatterbatch.model.uapi.SvmRangesArgs;
import dev.scatterbatch.model.uapi.UserptrRange;
import dev.scatterbatch.model.uapi.UserptrRangesData;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
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
    static final long DEFAULT_ATTRS_PTR = 0x7ff0_2000_0000L;
    /** {@code /dev/kfd} is the first file a ROCm process opens. */
    static final int DEFAULT_KFD_FD = 3;

    /** Deeper nesting than any op's fields need (a list of range objects is 3 deep). */
    static final int MAX_NESTING_DEPTH = 16;
    /** Longer than any name, flag list or number a line holds. */
    static final int MAX_STRING_LENGTH = 4096;
    static final int MAX_NUMBER_LENGTH = 64;
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH)
                            .maxStringLength(MAX_STRING_LENGTH).maxNumberLength(MAX_NUMBER_LENGTH).build())
                    .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    private static final Set<String> ENV_FIELDS = Set.of("host_ram", "gpu_ids", "no_system_mem_limit", "vram_size",
            "large_bar", "primary_context", "vm_not_acquired", "signal_handle", "kernel", "gpus",
            "system_mem_used_by_others", "first_handle", "bos", "params", "kfd_fd");
    private static final Set<String> GPU_FIELDS = Set.of("gpu_id", "vram_size", "apu", "vram_used_by_others",
            "drm_offset_in_use", "render_fd", "ctl_stack_size", "cwsr_size", "debug_memory_size", "eop_buffer_size",
            "xnack_supported", "gb_addr_config");

    private final Supplier<TrapCostProfile> baseProfile;
    /** The profile with the trace's {@code params} applied, or null when the trace pins none. */
    private TrapCostProfile pinnedProfile;
    private final Supplier<TrapCostProfile> profile;
    private final EventQueue clock = new EventQueue();
    private final Map<String, Long> names = new HashMap<>();
    private KfdProcess process;
    /** The process's {@code /dev/kfd} descriptor, for device mmaps. */
    private int kfdFd = DEFAULT_KFD_FD;
    private boolean anyOpSeen;
    private boolean allUnderstood = true;
    private boolean imported;
    private long lines;
    private long compared;
    private long matched;
    private long skipped;

    /** A runner whose costs come from {@code profile}. */
    public ReplayRunner(Supplier<TrapCostProfile> profile) {
        this.baseProfile = profile;
        this.profile = () -> pinnedProfile != null ? pinnedProfile : baseProfile.get();
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
        lines++;
        try {
            JsonNode node = parse(trimmed);
            JsonNode opNode = node.get("op");
            if (opNode == null || !opNode.isTextual()) throw new TraceLineException("a line needs \"op\" as a string");
            String op = opNode.textValue();
            JsonNode expect = node.get("expect");
            if (expect != null && !expect.isObject()) throw new TraceLineException("expect must be an object of result fields, got " + expect);
            String out = execute(lineNumber, op, new TraceFields(node, op));
            anyOpSeen = true;
            if (expect == null) return out;
            RecordedAnswer.Comparison c = RecordedAnswer.compare(out, expect);
            compared++;
            if (c.matched()) matched++;
            return c.line();
        } catch (TraceLineException | UnmodelledIoctlException | UnsupportedOperationException e) {
            return reject(lineNumber, e.getMessage());
        }
    }

    /** The error line for input line {@code lineNumber}, which could not be read ({@code why}); changes nothing. */
    public String reject(int lineNumber, String why) {
        allUnderstood = false;
        skipped++;
        return new JsonLine().number("line", lineNumber).text("error", why).toString();
    }

    /** Whether every line that carried a recorded answer matched it (exit code 1 otherwise). */
    public boolean allMatched() {
        return matched == compared;
    }

    /** Marks the trace as converted by an importer: its summary line is printed even when nothing was compared. */
    public void markImported() {
        imported = true;
    }

    /**
     * The closing summary ({@code {"summary": {"lines", "compared", "matched", "skipped"}}}), printed when a line
     * carried a recorded answer or the trace was imported; null otherwise.
     */
    public String summary() {
        if (compared == 0 && !imported) return null;
        return new JsonLine().raw("summary", new JsonLine().number("lines", lines).number("compared", compared)
                .number("matched", matched).number("skipped", skipped).toString()).toString();
    }

    private static JsonNode parse(String text) {
        try (JsonParser parser = JSON.createParser(text)) {
            JsonNode node = JSON.readTree(parser);
            if (node == null || !node.isObject()) throw new TraceLineException("a line must be one JSON object");
            if (!nothingAfter(parser)) throw new TraceLineException("a line must be one JSON object with nothing after it");
            return node;
        } catch (StreamConstraintsException e) {
            throw new TraceLineException("the line is nested deeper than " + MAX_NESTING_DEPTH + " levels or holds a string longer than "
                    + MAX_STRING_LENGTH + " characters or a number longer than " + MAX_NUMBER_LENGTH + " digits");
        } catch (JsonProcessingException e) {
            throw new TraceLineException("not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a String source does no I/O
        }
    }

    private static boolean nothingAfter(JsonParser parser) throws IOException {
        try {
            return parser.nextToken() == null;
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private String execute(int line, String op, TraceFields f) {
        JsonLine out = new JsonLine().number("line", line).text("op", op);
        return switch (op) {
            case "env" -> env(f, out);
            case "mmap" -> mmap(f, out);
            case "munmap" -> munmap(f, out);
            case "mbind" -> mbind(f, out);
            case "madvise" -> madvise(f, out);
            case "mremap" -> mremap(f, out);
            case "svm" -> svm(f, out);
            case "svm_ranges" -> svmRanges(f, out);
            case "invalidate" -> invalidate(f, out);
            case "advance" -> advance(f, out);
            case "inject" -> inject(f, out);
            case "alloc" -> alloc(f, out);
            case "alloc_batch" -> allocBatch(f, out);
            case "map" -> mapOrUnmap(f, out, true);
            case "unmap" -> mapOrUnmap(f, out, false);
            case "free" -> free(f, out);
            case "ioctl" -> KfdStructOps.ioctl(process(), f, names, out);
            case "state" -> state(f, out);
            case "skipped" -> skippedLine(f, out);
            default -> KfdStructOps.command(op).map(c -> KfdStructOps.run(process(), c, f, names, out))
                    .orElseThrow(() -> new TraceLineException("unknown op '" + op + "' (known: env, mmap, munmap, mremap, "
                            + "mbind, madvise, svm, svm_ranges, invalidate, advance, inject, alloc, alloc_batch, map, unmap, free, ioctl, state, "
                            + String.join(", ", KfdStructOps.opNames()) + ")"));
        };
    }

    private String env(TraceFields f, JsonLine out) {
        f.onlyKnown(ENV_FIELDS);
        if (anyOpSeen) throw new TraceLineException("env must be the first op of a trace");
        KfdEnvironment d = KfdEnvironment.defaults();
        long vram = f.size("vram_size", d.vramSize());
        List<Integer> gpus = d.gpuIds();
        List<KfdNodeProperties> nodes;
        if (f.has("gpus")) {
            if (f.has("gpu_ids")) throw new TraceLineException("give gpus or gpu_ids, not both");
            List<TraceFields> listed = f.objects("gpus", g -> g);
            nodes = new ArrayList<>();
            for (int i = 0; i < listed.size(); i++) nodes.add(node(listed.get(i), i, vram));
            gpus = nodes.stream().map(KfdNodeProperties::gpuId).toList();
        } else {
            if (f.has("gpu_ids")) gpus = Arrays.stream(f.u32List("gpu_ids")).boxed().toList();
            try {
                nodes = KfdEnvironment.discreteNodes(gpus, vram);
            } catch (IllegalArgumentException e) {
                throw new TraceLineException(e.getMessage());
            }
        }
        Set<Integer> noVm = f.has("vm_not_acquired")
                ? Set.copyOf(Arrays.stream(f.u32List("vm_not_acquired")).boxed().toList()) : Set.of();
        KernelVersion kernel = KernelVersion.MAINLINE;
        if (f.has("kernel")) {
            String label = f.text("kernel");
            kernel = KernelVersion.byLabel(label).orElseThrow(() -> new TraceLineException("kernel '" + label
                    + "' is not one the model knows (known: 4.16, 5.4, 6.12, mainline)"));
        }
        TrapCostProfile pinned = f.has("params") ? params(f.object("params")) : null;
        KfdEnvironment env;
        KfdProcess p;
        try {
            env = new KfdEnvironment(f.size("host_ram", d.hostRam()), gpus, f.bool("no_system_mem_limit", false),
                    vram, f.bool("large_bar", true), f.bool("primary_context", true),
                    noVm, f.u64("signal_handle", 0), kernel, nodes, f.size("system_mem_used_by_others", 0),
                    f.u32("first_handle", 0));
            pinnedProfile = pinned;
            p = new KfdProcess(env, clock, profile);
        } catch (IllegalArgumentException e) {
            throw new TraceLineException(e.getMessage());
        }
        if (f.has("bos")) {
            for (TraceFields bo : f.objects("bos", b -> b)) adopt(p, bo);
        }
        process = p;
        kfdFd = f.u32("kfd_fd", DEFAULT_KFD_FD);
        return out.toString();
    }

    /** One {@code gpus} entry: a discrete GPU unless the fields say otherwise. */
    private static KfdNodeProperties node(TraceFields g, int index, long defaultVram) {
        g.onlyKnown(GPU_FIELDS);
        int gpuId = g.u32("gpu_id");
        try {
            KfdNodeProperties base = KfdNodeProperties.discrete(gpuId, g.size("vram_size", defaultVram), index);
            return new KfdNodeProperties(gpuId, base.vramSize(), g.bool("apu", false), g.size("vram_used_by_others", 0),
                    g.size("drm_offset_in_use", 0), g.u32("render_fd", base.renderFd()),
                    g.u32("ctl_stack_size", base.ctlStackSize()), g.u32("cwsr_size", base.cwsrSize()),
                    g.u32("debug_memory_size", base.debugMemorySize()), g.u32("eop_buffer_size", base.eopBufferSize()),
                    g.bool("xnack_supported", false), g.u32("gb_addr_config", base.gbAddrConfig()));
        } catch (IllegalArgumentException e) {
            throw new TraceLineException(e.getMessage());
        }
    }

    /** {@code params}: profile parameters by name, as {@code --set} takes them. */
    private TrapCostProfile params(TraceFields params) {
        List<String> assignments = new ArrayList<>();
        for (String name : params.names()) assignments.add(name + "=" + params.scalarText(name));
        try {
            return ProfileLoader.applyOverrides(baseProfile.get(), assignments);
        } catch (RuntimeException e) {
            throw new TraceLineException("params: " + e.getMessage());
        }
    }

    /** One pre-existing BO of {@code bos}: {@code handle}, {@code va_addr}, {@code size}, {@code flags}, {@code mapped}. */
    private static void adopt(KfdProcess p, TraceFields bo) {
        bo.onlyKnown(Set.of("handle", "va_addr", "size", "flags", "mapped"));
        long handle = bo.u64("handle");
        int ret = p.adoptExistingBo(handle, bo.u64("va_addr", 0), bo.size("size"), bo.flags("flags"), bo.bool("mapped", false));
        if (ret != 0) {
            throw new TraceLineException("bos: handle " + KfdHandle.format(handle) + " cannot exist as given ("
                    + Errno.fromReturn(ret).map(Enum::name).orElse(Integer.toString(ret)) + ")");
        }
    }

    private String mmap(TraceFields f, JsonLine out) {
        f.onlyKnown(Set.of("start", "size", "page_size", "prot", "flags", "fd", "offset"));
        long start = f.u64("start");
        long size = f.size("size");
        PageSize backing;
        try {
            backing = PageSize.ofBytes(f.size("page_size", PageSize.SMALL.bytes()));
        } catch (IllegalArgumentException e) {
            throw new TraceLineException("page_size: " + e.getMessage());
        }
        int prot = f.has("prot") ? f.namedBits("prot", MmapBits.PROT) : MmapBits.PROT_READ | MmapBits.PROT_WRITE;
        int flags = f.has("flags") ? f.namedBits("flags", MmapBits.MAP) : MmapBits.MAP_PRIVATE | MmapBits.MAP_ANONYMOUS | MmapBits.MAP_FIXED;
        if (f.has("fd") == ((flags & MmapBits.MAP_ANONYMOUS) != 0)) {
            throw new TraceLineException("an mmap line maps either anonymous memory (MAP_ANONYMOUS, no fd) or a device file (fd)");
        }
        if ((flags & MmapBits.MAP_FIXED_NOREPLACE) != 0 && process().mm().pages(start, start + size).total() > 0) {
            return ret(out, Errno.EEXIST.ret()).toString();
        }
        if (f.has("fd")) {
            int fd = f.u32("fd");
            long offset = f.u64("offset", 0);
            try {
                return syscall(out, process().mmapDevice(fd, kfdFd, start, size, offset));
            } catch (IllegalArgumentException e) {
                throw new TraceLineException(e.getMessage());
            }
        }
        // MAP_NORESERVE only skips overcommit accounting, which the model does not do
        Vma.Kind kind = prot == MmapBits.PROT_NONE ? Vma.Kind.PROT_NONE : Vma.Kind.ANONYMOUS;
        return syscall(out, process().mm().mmap(start, size, backing, kind));
    }

    private String mbind(TraceFields f, JsonLine out) {
        f.onlyKnown(Set.of("start", "size", "mode"));
        long start = f.u64("start");
        long size = f.size("size");
        int mode = f.u32("mode", 2);
        return syscall(out, process().mm().mbind(start, size, mode));
    }

    private String madvise(TraceFields f, JsonLine out) {
        f.onlyKnown(Set.of("start", "size", "advice"));
        long start = f.u64("start");
        long size = f.size("size");
        if (f.has("advice")) f.text("advice");
        return syscall(out, process().mm().madvise(start, size));
    }

    private String munmap(TraceFields f, JsonLine out) {
        f.onlyKnown(Set.of("start", "size"));
        long start = f.u64("start");
        long size = f.size("size");
        return syscall(out, process().munmap(start, size, new CostLedger()));
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

    /**
     * {@code AMDKFD_IOC_SVM}: without {@code attrs}, a SET_ATTR that registers the range for the conflict checks
     * only; with {@code attrs} (a list of {@code {type, value}}, the type a name such as {@code ACCESS} or a number),
     * the full SET_ATTR or GET_ATTR ({@code "svm_op": "get"}) of docs/kfd.md.
     */
    private String svm(TraceFields f, JsonLine out) {
        f.onlyKnown(Set.of("start", "size", "svm_op", "attrs"));
        long start = f.u64("start");
        long size = f.size("size");
        if (!f.has("attrs")) {
            if (f.has("svm_op")) throw new TraceLineException("svm_op needs attrs (an svm line without attrs registers the range for conflict checks)");
            IoctlResult<SvmArgs> r = process().svm(new SvmArgs(start, size, SvmArgs.OP_SET_ATTR, 0), new CostLedger());
            return ret(out, r.ret()).toString();
        }
        List<SvmAttribute> attrs = f.objects("attrs", ReplayRunner::svmAttribute);
        IoctlResult<SvmArgs> r = process().svm(new SvmArgs(start, size, svmOp(f), attrs.size()), attrs, new CostLedger());
        return ret(out, r.ret()).number("svm_ranges", process().svmRangeCount()).toString();
    }

    /**
     * {@code AMDKFD_IOC_SVM_RANGES} of the batch series v1: {@code start}, {@code size}, {@code ranges} (list of
     * {@code {start, size}}), {@code attrs} as on {@code svm}; optional {@code svm_op}, {@code ranges_ptr} and
     * {@code attrs_ptr} (0 means NULL), {@code nranges}, {@code ranges_readable}, {@code attrs_readable}.
     */
    private String svmRanges(TraceFields f, JsonLine out) {
        f.onlyKnown(Set.of("start", "size", "svm_op", "attrs", "ranges", "ranges_ptr", "attrs_ptr", "nranges",
                "ranges_readable", "attrs_readable"));
        long start = f.u64("start");
        long size = f.size("size");
        List<UserptrRange> ranges = f.has("ranges") ? f.objects("ranges", ReplayRunner::range) : List.of();
        List<SvmAttribute> attrs = f.has("attrs") ? f.objects("attrs", ReplayRunner::svmAttribute) : List.of();
        long rangesPtr = f.u64("ranges_ptr", DEFAULT_RANGES_PTR);
        long attrsPtr = f.u64("attrs_ptr", DEFAULT_ATTRS_PTR);
        SparseUserMemory user = new SparseUserMemory();
        if (f.bool("ranges_readable", true) && rangesPtr != 0 && !ranges.isEmpty()) {
            place(() -> user.placeRanges(rangesPtr, ranges), "ranges_ptr");
        }
        if (f.bool("attrs_readable", true) && attrsPtr != 0 && !attrs.isEmpty()) {
            place(() -> user.place(attrsPtr, SvmAttribute.encodeArray(attrs)), "attrs_ptr");
        }
        IoctlResult<SvmRangesArgs> r = process().svmRanges(new SvmRangesArgs(start, size, svmOp(f), attrs.size(), attrsPtr,
                f.u32("nranges", ranges.size()), 0, rangesPtr), user, new CostLedger());
        return ret(out, r.ret()).number("pinned_pages", process().driver().pinnedMemory().pinnedPages())
                .number("svm_ranges", process().svmRangeCount()).toString();
    }

    private static int svmOp(TraceFields f) {
        if (!f.has("svm_op")) return SvmArgs.OP_SET_ATTR;
        return switch (f.text("svm_op")) {
            case "set" -> SvmArgs.OP_SET_ATTR;
            case "get" -> SvmArgs.OP_GET_ATTR;
            default -> throw new TraceLineException("svm_op must be set or get, got '" + f.text("svm_op") + "'");
        };
    }

    private static SvmAttribute svmAttribute(TraceFields a) {
        a.onlyKnown(Set.of("type", "value"));
        int type;
        if (a.isText("type")) {
            type = SvmAttribute.typeByName(a.text("type"));
            if (type < 0) throw new TraceLineException("attribute type '" + a.text("type") + "' is not one of PREFERRED_LOC,"
                    + " PREFETCH_LOC, ACCESS, ACCESS_IN_PLACE, NO_ACCESS, SET_FLAGS, CLR_FLAGS, GRANULARITY, MAPPED (or a number)");
        } else {
            type = a.u32("type");
        }
        return new SvmAttribute(type, a.u32("value", 0));
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

    /** An importer's line it could not convert: counted as skipped, with its reason. */
    private String skippedLine(TraceFields f, JsonLine out) {
        f.onlyKnown(Set.of("reason", "source"));
        skipped++;
        out.text("reason", f.text("reason"));
        if (f.has("source")) out.text("source", f.text("source"));
        return out.toString();
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

    static JsonLine ret(JsonLine out, int ret) {
        out.number("ret", ret);
        if (ret < 0) out.text("errno", Errno.fromReturn(ret).map(Enum::name).orElse("E" + -ret));
        return out;
    }

    /**
     * Replays every line of {@code in} (UTF-8, each line decoded on its own; a byte-order mark at the start is
     * skipped), writing one result line per op line to {@code out}; a line that is not UTF-8 gets an error line.
     * Returns whether every line was understood.
     */
    public static boolean replay(InputStream in, Appendable out, Supplier<TrapCostProfile> profile) throws IOException {
        return replay(in, out, new ReplayRunner(profile)).allUnderstood();
    }

    /** As above on {@code runner}, ending with its summary line when it has one; returns the runner. */
    public static ReplayRunner replay(InputStream in, Appendable out, ReplayRunner runner) throws IOException {
        TraceLines lines = new TraceLines(in);
        for (TraceLines.Line line = lines.next(); line != null; line = lines.next()) {
            String result = line.error() != null ? runner.reject(line.number(), line.error()) : runner.run(line.number(), line.text());
            if (result != null) out.append(result).append('\n');
        }
        String summary = runner.summary();
        if (summary != null) out.append(summary).append('\n');
        return runner;
    }
}
