package dev.scatterbatch.host.replay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scatterbatch.model.uapi.AllocFlags;
import dev.scatterbatch.model.uapi.IoctlCommand;
import dev.scatterbatch.model.uapi.KfdStructLayout;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code replay --from ioctl-log}: converts decoded KFD ioctl logs as an in-process ioctl hook prints them
 * ({@code <t ms> ms + <dur> ms : <ret> = AMDKFD_IOC_NAME field:value ...}, values read after the call, so output
 * fields are the kernel's answers) into a replay trace. Inputs come from the logged fields; outputs become the
 * recorded answers. The gaps between calls become {@code advance} ops, CPU mappings under USERPTR and SVM ranges are
 * synthesized, and handles used before any logged ALLOC made them are adopted as pre-existing BOs.
 */
final class IoctlLogImport {

    private static final Pattern KFD = Pattern.compile("^\\s*(?:([\\d.]+)\\s*ms\\s*\\+\\s*([\\d.]+)\\s*ms\\s*:)?\\s*(-?\\d+)\\s*=\\s*(AMDKFD_IOC_\\w+)\\s*(.*)$");
    private static final Pattern UNDECODED = Pattern.compile("^\\s*(?:[\\d.]+\\s*ms\\s*\\+\\s*[\\d.]+\\s*ms\\s*:\\s*)?ioctl\\s+idir=(\\d+)\\s+size=(\\d+)\\s+itype=(\\d+)\\s+nr=(\\d+)\\s+fd=(\\d+)\\s+ret=(-?\\d+).*$");
    private static final Pattern ATTRIBUTE = Pattern.compile("^\\s*\\d+:\\s*(KFD_IOCTL_SVM_ATTR_\\w+)\\s*:\\s*(0x[0-9a-fA-F]+|\\d+)\\s*$");
    private static final Pattern FIELD = Pattern.compile("^(\\w+):(0x[0-9a-fA-F]+|-?\\d+)$");
    /** High addresses for adopted BOs, out of the way of the process's own VAs. */
    private static final long ADOPTED_VA = 0x7e00_0000_0000L;
    private static final long PAGE = 4096;
    private static final long DRM_OFFSET_START = 1L << 32;

    private record Call(double startMs, double durMs, int ret, IoctlCommand command, Map<String, Long> fields, String source) {
    }

    private final ImportedTrace trace = new ImportedTrace();
    private final Set<Integer> gpuIds = new LinkedHashSet<>();
    private final Map<Integer, Long> renderFds = new LinkedHashMap<>();
    private final Map<Long, String> firstUse = new LinkedHashMap<>();
    private final Set<Long> allocated = new HashSet<>();
    private final TreeMap<Long, Long> mapped = new TreeMap<>();
    private final List<Long> events = new ArrayList<>();
    private Long firstIdr;
    private final Map<Integer, Long> firstOffset = new LinkedHashMap<>();
    private double clockMs = Double.NaN;
    private ObjectNode lastSvm;

    private IoctlLogImport() {
    }

    /** The converted trace of {@code in}, one JSON line per op. */
    static List<String> convert(BufferedReader in) throws IOException {
        IoctlLogImport imp = new IoctlLogImport();
        List<Object> parsed = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null) parsed.add(imp.parse(line));
        for (Object o : parsed) if (o instanceof Call c) imp.learn(c);
        for (Object o : parsed) imp.convert(o);
        imp.writeEnv();
        return imp.trace.toJsonLines();
    }

    /** A Call, an attribute line, a skipped reason (String[]{reason, source}), or null for a blank line. */
    private Object parse(String text) {
        if (text.isBlank()) return null;
        Matcher a = ATTRIBUTE.matcher(text);
        if (a.matches()) return new String[]{"attr", a.group(1) + "=" + a.group(2)};
        Matcher u = UNDECODED.matcher(text);
        if (u.matches()) return undecoded(u, text);
        Matcher m = KFD.matcher(text);
        if (!m.matches()) return new String[]{"not a decoded KFD ioctl line", text};
        Optional<IoctlCommand> command = IoctlCommand.byName(m.group(4));
        if (command.isEmpty()) return new String[]{m.group(4) + " is a command the model does not know", text};
        Map<String, Long> fields = new LinkedHashMap<>();
        for (String token : m.group(5).strip().split("\\s+")) {
            if (token.isEmpty()) continue;
            Matcher f = FIELD.matcher(token);
            if (!f.matches()) return new String[]{"the line is cut short or a field is unreadable ('" + token + "')", text};
            String v = f.group(2);
            fields.put(f.group(1), v.startsWith("0x") ? Long.parseUnsignedLong(v.substring(2), 16) : Long.parseLong(v));
        }
        KfdStructLayout layout = command.get().layout();
        for (String name : fields.keySet()) {
            if (layout.field(name) == null) return new String[]{name + " is not a field of " + layout.cName(), text};
        }
        double start = m.group(1) == null ? Double.NaN : Double.parseDouble(m.group(1));
        double dur = m.group(2) == null ? 0 : Double.parseDouble(m.group(2));
        return new Call(start, dur, Integer.parseInt(m.group(3)), command.get(), fields, text);
    }

    private static Object undecoded(Matcher u, String text) {
        int dir = Integer.parseInt(u.group(1));
        int size = Integer.parseInt(u.group(2));
        int type = Integer.parseInt(u.group(3));
        int nr = Integer.parseInt(u.group(4));
        if (type != IoctlCommand.TYPE) return new String[]{"not a KFD ioctl (itype " + type + ")", text};
        if (nr < IoctlCommand.COMMAND_END) {
            return new String[]{"undecoded KFD ioctl nr " + nr + " inside the kernel's table: the log has no struct contents", text};
        }
        int cmd = dir << 30 | size << 16 | type << 8 | nr;
        return new String[]{"ioctl", Integer.toString(cmd), u.group(6), text};
    }

    /** First pass: the GPUs, their render nodes, the first handle and DRM offsets, handles used before allocation. */
    private void learn(Call c) {
        Map<String, Long> f = c.fields();
        if (f.containsKey("gpu_id")) gpuIds.add((int) (long) f.get("gpu_id"));
        if (f.containsKey("handle") && c.command() != IoctlCommand.ALLOC_MEMORY_OF_GPU) gpuIds.add((int) (f.get("handle") >>> 32));
        switch (c.command()) {
            case ACQUIRE_VM -> renderFds.putIfAbsent((int) (long) f.getOrDefault("gpu_id", 0L), f.getOrDefault("drm_fd", 0L));
            case ALLOC_MEMORY_OF_GPU -> {
                if (c.ret() != 0 || !f.containsKey("handle")) return;
                long h = f.get("handle");
                allocated.add(h);
                if (firstIdr == null) firstIdr = h & 0xFFFFFFFFL;
                int gpu = (int) (long) f.getOrDefault("gpu_id", 0L);
                if (f.containsKey("mmap_offset") && (f.getOrDefault("flags", 0L) & (AllocFlags.DOORBELL | AllocFlags.MMIO_REMAP)) == 0) {
                    firstOffset.putIfAbsent(gpu, f.get("mmap_offset"));
                }
            }
            case FREE_MEMORY_OF_GPU, MAP_MEMORY_TO_GPU, UNMAP_MEMORY_FROM_GPU -> {
                long h = f.getOrDefault("handle", 0L);
                if (!allocated.contains(h)) firstUse.putIfAbsent(h, c.command().name());
            }
            default -> {
            }
        }
    }

    private void writeEnv() {
        ObjectNode env = trace.env();
        if (gpuIds.isEmpty()) gpuIds.add(1);
        var gpus = env.putArray("gpus");
        for (int g : gpuIds) {
            ObjectNode n = gpus.addObject().put("gpu_id", g);
            if (renderFds.containsKey(g)) n.put("render_fd", renderFds.get(g));
            // adopted BOs take their offsets after the space in use, before the first logged ALLOC
            long adopted = firstUse.keySet().stream().filter(h -> (int) (h >>> 32) == g).count() * PAGE;
            Long off = firstOffset.get(g);
            if (off != null && off - DRM_OFFSET_START - adopted > 0) n.put("drm_offset_in_use", off - DRM_OFFSET_START - adopted);
        }
        var noVm = env.putArray("vm_not_acquired");
        for (int g : renderFds.keySet()) if (gpuIds.contains(g)) noVm.add(g);
        if (firstIdr != null && firstIdr > 0) env.put("first_handle", firstIdr);
        var bos = env.putArray("bos");
        int i = 0;
        for (Map.Entry<Long, String> e : firstUse.entrySet()) {
            if (!gpuIds.contains((int) (e.getKey() >>> 32))) continue;
            bos.addObject().put("handle", ImportedTrace.hex(e.getKey())).put("va_addr", ImportedTrace.hex(ADOPTED_VA + i++ * (2L << 20)))
                    .put("size", PAGE).set("flags", ImportedTrace.names("GTT"));
            if (e.getValue().equals("UNMAP_MEMORY_FROM_GPU")) ((ObjectNode) bos.get(bos.size() - 1)).put("mapped", true);
        }
        env.put("note", "GPUs and render nodes from the log's gpu_id, handle and ACQUIRE_VM fields; first_handle and "
                + "drm_offset_in_use from the first ALLOC; handles used before any ALLOC adopted as 4 KiB GTT BOs");
    }

    private void convert(Object o) {
        if (o == null) return;
        if (o instanceof String[] s) {
            switch (s[0]) {
                case "attr" -> {
                    if (lastSvm != null) ImportedTrace.note(lastSvm, "attribute " + s[1] + " (not modelled)");
                    else trace.skip("an SVM attribute line without its SVM call", s[1]);
                }
                case "ioctl" -> {
                    ObjectNode op = trace.op("ioctl").put("cmd", ImportedTrace.hex(Integer.toUnsignedLong(Integer.parseInt(s[1]))));
                    expect(op, Integer.parseInt(s[2]));
                    ImportedTrace.note(op, "undecoded line: a command number the model does not know, issued without a struct");
                }
                default -> trace.skip(s[0], s[1]);
            }
            return;
        }
        Call c = (Call) o;
        lastSvm = null;
        advanceTo(c);
        ObjectNode op = switch (c.command()) {
            case ALLOC_MEMORY_OF_GPU -> alloc(c);
            case FREE_MEMORY_OF_GPU -> trace.op("free").put("handle", ImportedTrace.hex(c.fields().getOrDefault("handle", 0L)));
            case MAP_MEMORY_TO_GPU, UNMAP_MEMORY_FROM_GPU -> map(c);
            case SVM -> svm(c);
            case ALLOC_MEMORY_OF_GPU_BATCH, CREATE_PROCESS -> {
                trace.skip(c.command().kernelName() + " is not converted from logs", c.source());
                yield null;
            }
            default -> structOp(c);
        };
        if (op == null) return;
        expect(op, c.ret());
        if (c.ret() == 0) expectOutputs(op, c);
        if (c.command() == IoctlCommand.CREATE_EVENT && c.ret() == 0 && c.fields().containsKey("event_id")) events.add(c.fields().get("event_id"));
    }

    /** The gap since the previous call ended, as virtual time. */
    private void advanceTo(Call c) {
        if (Double.isNaN(c.startMs())) return;
        if (!Double.isNaN(clockMs) && c.startMs() > clockMs) {
            long ns = Math.round((c.startMs() - clockMs) * 1e6);
            if (ns > 0) trace.op("advance").put("ns", ns).put("note", "time between calls in the log");
        }
        clockMs = c.startMs() + c.durMs();
    }

    private ObjectNode alloc(Call c) {
        Map<String, Long> f = c.fields();
        long flags = f.getOrDefault("flags", 0L);
        long va = f.getOrDefault("va_addr", 0L);
        long size = f.getOrDefault("size", 0L);
        boolean userptr = (flags & AllocFlags.USERPTR) != 0;
        if (userptr) synthesizeMapping(va, size);
        ObjectNode op = trace.op("alloc").put("gpu_id", f.getOrDefault("gpu_id", 0L)).put("va_addr", ImportedTrace.hex(va))
                .put("size", size).put("flags", ImportedTrace.hex(flags));
        if (userptr) {
            op.put("mmap_offset", ImportedTrace.hex(va));
            ImportedTrace.note(op, "the userptr's CPU address (overwritten in the log by the answer) assumed equal to va_addr");
        }
        return op;
    }

    private ObjectNode map(Call c) {
        Map<String, Long> f = c.fields();
        long handle = f.getOrDefault("handle", 0L);
        int n = (int) (long) f.getOrDefault("n_devices", 1L);
        var devices = ImportedTrace.JSON.createArrayNode();
        List<Integer> order = new ArrayList<>(gpuIds);
        if (n == 1) devices.add((int) (handle >>> 32));
        else for (int i = 0; i < Math.min(n, order.size()); i++) devices.add(order.get(i));
        ObjectNode op = trace.op(c.command() == IoctlCommand.MAP_MEMORY_TO_GPU ? "map" : "unmap")
                .put("handle", ImportedTrace.hex(handle));
        op.set("devices", devices);
        ImportedTrace.note(op, n == 1 ? "device array assumed to be the handle's own GPU" : "device array assumed to be the first n_devices GPUs");
        return op;
    }

    private ObjectNode svm(Call c) {
        Map<String, Long> f = c.fields();
        if (f.getOrDefault("op", 0L) != 0) {
            trace.skip("SVM GET_ATTR is not modelled", c.source());
            return null;
        }
        long start = f.getOrDefault("start_addr", 0L);
        long size = f.getOrDefault("size", 0L);
        synthesizeMapping(start, size);
        ObjectNode op = trace.op("svm").put("start", ImportedTrace.hex(start)).put("size", size);
        lastSvm = op;
        return op;
    }

    /** One of the struct ops: inputs from the logged fields; pointers the log cannot show are left to the replay. */
    private ObjectNode structOp(Call c) {
        Optional<IoctlCommand> known = KfdStructOps.command(c.command().name().toLowerCase(Locale.ROOT));
        if (known.isEmpty()) {
            trace.skip(c.command().kernelName() + " has no op", c.source());
            return null;
        }
        ObjectNode op = trace.op(c.command().name().toLowerCase(Locale.ROOT));
        for (KfdStructLayout.Field field : c.command().layout().fields()) {
            Long v = c.fields().get(field.name());
            if (v == null || field.access() == KfdStructLayout.Access.OUT || field.access() == KfdStructLayout.Access.PAD) continue;
            if (field.name().endsWith("_ptr")) continue;
            if (field.name().equals("event_page_offset")) {
                ImportedTrace.note(op, "the signal page handle is not in the log: the kernel allocates its own page");
                continue;
            }
            op.put(field.name(), field.width() == 8 ? ImportedTrace.hex(v) : Long.toString(field.signed() ? (int) (long) v : v & 0xFFFFFFFFL));
        }
        if (c.command() == IoctlCommand.WAIT_EVENTS) {
            int n = (int) (long) c.fields().getOrDefault("num_events", 0L);
            var list = op.putArray("events");
            for (int i = Math.max(0, events.size() - n); i < events.size(); i++) list.addObject().put("event_id", events.get(i));
            ImportedTrace.note(op, "the waited events (not in the log) assumed to be the last num_events created");
        }
        return op;
    }

    private static void expect(ObjectNode op, long ret) {
        if (ret == -1) op.putObject("expect").put("failed", true);
        else op.putObject("expect").put("ret", ret);
    }

    /** The logged output fields, as the kernel left them. */
    private static void expectOutputs(ObjectNode op, Call c) {
        ObjectNode e = (ObjectNode) op.get("expect");
        for (KfdStructLayout.Field field : c.command().layout().fields()) {
            Long v = c.fields().get(field.name());
            if (v == null || field.access() != KfdStructLayout.Access.OUT) continue;
            if (c.command() == IoctlCommand.ALLOC_MEMORY_OF_GPU && !field.name().equals("handle")) continue;
            e.put(field.name(), field.width() == 8 ? ImportedTrace.hex(v) : Long.toString(v & 0xFFFFFFFFL));
        }
        if (c.command() == IoctlCommand.ALLOC_MEMORY_OF_GPU && c.fields().containsKey("mmap_offset")) {
            e.put("mmap_offset", ImportedTrace.hex(c.fields().get("mmap_offset")));
        }
        if ((c.command() == IoctlCommand.MAP_MEMORY_TO_GPU || c.command() == IoctlCommand.UNMAP_MEMORY_FROM_GPU)
                && c.fields().containsKey("n_success")) {
            e.put("n_success", c.fields().get("n_success"));
        }
    }

    /** An {@code mmap} under {@code [start, start + size)} for the pages no earlier mapping covers. */
    private void synthesizeMapping(long start, long size) {
        long from = start & -PAGE;
        long to = (start + size + PAGE - 1) & -PAGE;
        if (size == 0 || Long.compareUnsigned(to, from) <= 0) return;
        long at = from;
        while (at < to) {
            Map.Entry<Long, Long> e = mapped.floorEntry(at);
            if (e != null && e.getValue() > at) {
                at = e.getValue();
                continue;
            }
            Long next = mapped.ceilingKey(at);
            long end = next == null ? to : Math.min(to, next);
            trace.op("mmap").put("start", ImportedTrace.hex(at)).put("size", end - at)
                    .put("note", "synthesized: the log shows no CPU mapping under this range");
            mapped.put(at, end);
            at = end;
        }
    }
}
