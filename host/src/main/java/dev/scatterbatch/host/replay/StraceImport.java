package dev.scatterbatch.host.replay;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scatterbatch.model.uapi.Errno;
import dev.scatterbatch.model.uapi.IoctlCommand;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code replay --from strace}: converts the output of
 * {@code strace -f -y -e trace=ioctl,mmap,munmap,mremap,madvise,mbind -X verbose} (with or without {@code -tt},
 * {@code -T}, {@code [pid N]} prefixes and {@code <unfinished ...>}/{@code resumed} pairs) into a replay trace whose
 * recorded answers are strace's returns. strace prints no struct contents for KFD ioctls, so only commands whose
 * arguments the import can assume are expressed (each line says what it assumed); the others become skipped lines.
 */
final class StraceImport {

    private static final Pattern PREFIX = Pattern.compile("^(?:\\[pid\\s+(\\d+)]\\s+|(\\d+)\\s+)?(?:\\d{1,2}:\\d{2}:\\d{2}(?:\\.\\d+)?\\s+|\\d+\\.\\d+\\s+)?");
    private static final Pattern CALL = Pattern.compile("^(\\w+)\\((.*)\\)\\s*=\\s*(.+?)(?:\\s+<[\\d.]+>)?$");
    private static final Pattern UNFINISHED = Pattern.compile("^(\\w+)\\((.*?)\\s*<unfinished \\.\\.\\.>$");
    private static final Pattern RESUMED = Pattern.compile("^<\\.\\.\\.\\s*(\\w+) resumed>\\s*(.*)\\)\\s*=\\s*(.+?)(?:\\s+<[\\d.]+>)?$");
    private static final Pattern RESULT = Pattern.compile("^(-1|\\?|0x[0-9a-fA-F]+|-?\\d+)\\s*(E[A-Z0-9]+)?.*$");
    private static final Pattern FD = Pattern.compile("^(-?\\d+)(?:<(.*)>)?$");
    private static final Pattern CMD = Pattern.compile("^(0x[0-9a-fA-F]+)(?:\\s*/\\*\\s*(\\w+)\\s*\\*/)?$|^(AMDKFD_IOC_\\w+)$"
            + "|^_IOC\\(([^,]+),\\s*(0x[0-9a-fA-F]+),\\s*(0x[0-9a-fA-F]+),\\s*(0x[0-9a-fA-F]+)\\)$");

    private final ImportedTrace trace = new ImportedTrace();
    private final Map<String, String> unfinished = new HashMap<>();
    private final Set<Integer> renderFds = new LinkedHashSet<>();
    private final Set<Integer> gpuIds = new LinkedHashSet<>();
    private int kfdFd = -1;
    private int acquired;

    private StraceImport() {
    }

    /** The converted trace of {@code in}, one JSON line per op. */
    static List<String> convert(BufferedReader in) throws IOException {
        StraceImport s = new StraceImport();
        List<String> raw = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null) raw.add(line);
        s.learnDescriptors(raw);
        for (String l : raw) s.line(l);
        return s.finish();
    }

    /** First pass: which descriptors are /dev/kfd and render nodes ({@code -y}), and GPU ids from doorbell mmaps. */
    private void learnDescriptors(List<String> raw) {
        Pattern fdPath = Pattern.compile("(\\d+)<(/dev/kfd|/dev/dri/renderD\\d+)>");
        Pattern doorbell = Pattern.compile("mmap\\(.*,\\s*(\\d+)(?:<[^>]*>)?,\\s*(0x[0-9a-fA-F]+)\\)");
        for (String l : raw) {
            Matcher m = fdPath.matcher(l);
            while (m.find()) {
                int fd = Integer.parseInt(m.group(1));
                if (m.group(2).equals("/dev/kfd")) kfdFd = fd;
                else renderFds.add(fd);
            }
            Matcher d = doorbell.matcher(l);
            if (d.find() && d.group(2).length() == 18) {
                long off = Long.parseUnsignedLong(d.group(2).substring(2), 16);
                if ((off & (3L << 62)) == 3L << 62) gpuIds.add((int) (off >>> 46 & 0xFFFF));
            }
        }
    }

    private List<String> finish() {
        ObjectNode env = trace.env();
        int gpus = Math.max(Math.max(renderFds.size(), gpuIds.size()), 1);
        List<Integer> ids = new ArrayList<>(gpuIds);
        for (int i = 1; ids.size() < gpus; i++) if (!ids.contains(i)) ids.add(i);
        List<Integer> fds = new ArrayList<>(renderFds);
        var list = env.putArray("gpus");
        for (int i = 0; i < gpus; i++) {
            ObjectNode g = list.addObject().put("gpu_id", ids.get(i));
            if (i < fds.size()) g.put("render_fd", fds.get(i));
        }
        env.putArray("vm_not_acquired").addAll(ids.stream().map(ImportedTrace.JSON.getNodeFactory()::numberNode).toList());
        if (kfdFd >= 0) env.put("kfd_fd", kfdFd);
        env.put("note", "GPUs: one per render node seen (-y) or doorbell mmap; gpu_ids from doorbell offsets where seen, else 1..n");
        for (String pending : unfinished.values()) trace.skip("the call never resumed before the log ended", pending);
        return trace.toJsonLines();
    }

    private void line(String text) {
        String s = text.strip();
        if (s.isEmpty()) return;
        Matcher p = PREFIX.matcher(s);
        String pid = "";
        if (p.find()) {
            pid = p.group(1) != null ? p.group(1) : p.group(2) != null ? p.group(2) : "";
            s = s.substring(p.end());
        }
        if (s.startsWith("+++") || s.startsWith("---")) return;
        Matcher u = UNFINISHED.matcher(s);
        if (u.matches()) {
            unfinished.put(pid + " " + u.group(1), s);
            return;
        }
        Matcher r = RESUMED.matcher(s);
        if (r.matches()) {
            String start = unfinished.remove(pid + " " + r.group(1));
            if (start == null) {
                trace.skip("resumed call whose start is not in the log", text);
                return;
            }
            Matcher su = UNFINISHED.matcher(start);
            su.matches();
            String args = su.group(2) + r.group(2);
            call(r.group(1), args, r.group(3), text, "issued where the call returned (another thread ran meanwhile)");
            return;
        }
        Matcher c = CALL.matcher(s);
        if (!c.matches()) {
            trace.skip("not a complete system call line strace prints", text);
            return;
        }
        call(c.group(1), c.group(2), c.group(3), text, null);
    }

    private void call(String name, String argText, String resultText, String source, String note) {
        List<String> args = splitArgs(argText);
        Matcher r = RESULT.matcher(resultText.strip());
        if (!r.matches() || r.group(1).equals("?")) {
            trace.skip("no return value (" + resultText.strip() + ")", source);
            return;
        }
        long ret;
        if (r.group(1).equals("-1")) {
            Optional<Errno> errno = r.group(2) == null ? Optional.empty() : Errno.byName(r.group(2));
            if (errno.isEmpty()) {
                trace.skip("errno " + r.group(2) + " is not one the model knows", source);
                return;
            }
            ret = errno.get().ret();
        } else {
            ret = 0;
        }
        ObjectNode op = switch (name) {
            case "ioctl" -> ioctl(args, ret, source);
            case "mmap" -> mmap(args, r.group(1), source);
            case "munmap" -> range("munmap", args, source);
            case "mremap" -> mremap(args, r.group(1), source);
            case "madvise" -> range("madvise", args, source);
            case "mbind" -> mbind(args, source);
            default -> {
                trace.skip(name + " is not a call the import reads", source);
                yield null;
            }
        };
        if (op == null) return;
        ImportedTrace.expectRet(op, ret);
        if (note != null) ImportedTrace.note(op, note);
    }

    private ObjectNode ioctl(List<String> args, long ret, String source) {
        if (args.size() < 2) return skip("ioctl with fewer than 2 arguments", source);
        Matcher fd = FD.matcher(args.get(0));
        Matcher cmd = CMD.matcher(args.get(1));
        if (fd.matches() && !cmd.matches() && args.get(1).matches("[A-Z][A-Z0-9_]+")) return skip("not a KFD ioctl (" + args.get(1) + ")", source);
        if (!fd.matches() || !cmd.matches()) return skip("cannot read the descriptor or the command", source);
        int number;
        String printedName = cmd.group(2) != null ? cmd.group(2) : cmd.group(3);
        if (cmd.group(1) != null) {
            number = (int) Long.parseLong(cmd.group(1).substring(2), 16);
        } else if (cmd.group(4) != null) {
            int dir = (cmd.group(4).contains("READ") ? 2 : 0) | (cmd.group(4).contains("WRITE") ? 1 : 0);
            number = dir << 30 | Integer.decode(cmd.group(7)) << 16 | Integer.decode(cmd.group(5)) << 8 | Integer.decode(cmd.group(6));
        } else {
            Optional<IoctlCommand> c = IoctlCommand.byName(printedName);
            if (c.isEmpty()) return skip(printedName + " is a KFD command the model does not know", source);
            number = c.get().number();
        }
        if (IoctlCommand.typeOf(number) != IoctlCommand.TYPE) return skip("not a KFD ioctl (type 0x" + Integer.toHexString(IoctlCommand.typeOf(number)) + ")", source);
        int descriptor = Integer.parseInt(fd.group(1));
        if (kfdFd >= 0 && descriptor != kfdFd) return skip("a 'K' ioctl on a descriptor that is not /dev/kfd", source);
        Optional<IoctlCommand> known = IoctlCommand.byNr(IoctlCommand.nrOf(number));
        if (known.isEmpty() && IoctlCommand.nrOf(number) < IoctlCommand.COMMAND_END) {
            return skip("nr 0x" + Integer.toHexString(IoctlCommand.nrOf(number)) + " has a handler in the kernel the model does not implement", source);
        }
        if (known.isEmpty()) {
            // a number outside the kernel's table needs no struct: the dispatcher answers before any copy
            ObjectNode op = trace.op("ioctl").put("cmd", ImportedTrace.hex(Integer.toUnsignedLong(number)));
            ImportedTrace.note(op, "command number unknown to the model");
            return op;
        }
        IoctlCommand c = known.get();
        ObjectNode assumed = assumedArgs(c);
        if (assumed == null) {
            return skip(c.kernelName() + ": strace prints no struct contents and its arguments cannot be assumed", source);
        }
        ObjectNode op;
        if (IoctlCommand.sizeOf(number) == c.size()) {
            op = trace.op(c.name().toLowerCase(Locale.ROOT));
            op.setAll(assumed);
            op.remove("note");
        } else {
            // user space of another ABI: the generic op passes the struct with the user's size
            op = trace.op("ioctl").put("cmd", ImportedTrace.hex(Integer.toUnsignedLong(number)));
            op.set("args", assumed.deepCopy().without("note"));
            ImportedTrace.note(op, "size field " + IoctlCommand.sizeOf(number) + " where the kernel's struct has " + c.size());
        }
        if (assumed.has("note")) ImportedTrace.note(op, assumed.get("note").asText());
        return op;
    }

    /** The arguments assumed for commands strace shows without contents, with the assumption as note; or null. */
    private ObjectNode assumedArgs(IoctlCommand c) {
        List<Integer> gpus = gpuOrder();
        ObjectNode a = ImportedTrace.JSON.createObjectNode();
        switch (c) {
            case GET_VERSION, GET_PROCESS_APERTURES -> {
                return a;
            }
            case GET_PROCESS_APERTURES_NEW -> a.put("num_of_nodes", gpus.size()).put("note", "assumed num_of_nodes = the GPU count");
            case ACQUIRE_VM -> {
                int i = acquired++ % gpus.size();
                List<Integer> fds = new ArrayList<>(renderFds);
                a.put("drm_fd", i < fds.size() ? fds.get(i) : 4 + i).put("gpu_id", gpus.get(i))
                        .put("note", "assumed the n-th ACQUIRE_VM acquires the n-th GPU through its render node");
            }
            case RUNTIME_ENABLE -> a.put("mode_mask", 1).put("note", "assumed mode_mask ENABLE");
            case SET_XNACK_MODE -> a.put("xnack_enabled", -1).put("note", "assumed a query (xnack_enabled -1)");
            case GET_CLOCK_COUNTERS, AVAILABLE_MEMORY -> a.put("gpu_id", gpus.getFirst()).put("note", "assumed the first GPU");
            default -> {
                return null;
            }
        }
        return a;
    }

    private List<Integer> gpuOrder() {
        int n = Math.max(Math.max(renderFds.size(), gpuIds.size()), 1);
        List<Integer> ids = new ArrayList<>(gpuIds);
        for (int i = 1; ids.size() < n; i++) if (!ids.contains(i)) ids.add(i);
        return ids;
    }

    private ObjectNode mmap(List<String> args, String result, String source) {
        if (args.size() != 6) return skip("mmap needs 6 arguments", source);
        boolean ok = result.startsWith("0x");
        Long start = ok ? parse(result) : parse(args.get(0));
        Long size = parse(args.get(1));
        Matcher fd = FD.matcher(args.get(4));
        Long offset = parse(args.get(5));
        if (start == null || size == null || !fd.matches() || offset == null) return skip("cannot read mmap's arguments", source);
        if (start == 0) return skip("a failed mmap that let the kernel choose the address has none to replay", source);
        int descriptor = Integer.parseInt(fd.group(1));
        if (descriptor >= 0 && descriptor != kfdFd && renderFds.contains(descriptor)) {
            return skip("mmap of a BO offset through a render node: the BO's ALLOC is not expressible from strace", source);
        }
        if (descriptor >= 0 && descriptor != kfdFd) return skip("mmap of a file that is neither /dev/kfd nor a render node", source);
        ObjectNode op = trace.op("mmap").put("start", ImportedTrace.hex(start)).put("size", size);
        List<String> dropped = new ArrayList<>();
        op.set("prot", bits(args.get(2), MmapBits.PROT, dropped));
        op.set("flags", bits(args.get(3), MmapBits.MAP, dropped));
        if (descriptor >= 0) op.put("fd", descriptor).put("offset", ImportedTrace.hex(offset));
        if (!dropped.isEmpty()) ImportedTrace.note(op, "flags the model ignores: " + String.join("|", dropped));
        if (!args.get(3).contains("MAP_FIXED")) ImportedTrace.note(op, "placed at the address the kernel chose");
        return op;
    }

    private ObjectNode mremap(List<String> args, String result, String source) {
        if (args.size() < 4) return skip("mremap needs at least 4 arguments", source);
        Long old = parse(args.get(0));
        Long oldSize = parse(args.get(1));
        Long newSize = parse(args.get(2));
        if (old == null || oldSize == null || newSize == null) return skip("cannot read mremap's arguments", source);
        if (!oldSize.equals(newSize)) return skip("mremap that resizes: the model moves mappings unresized only", source);
        Long target = args.size() > 4 ? parse(args.get(4)) : result.startsWith("0x") ? parse(result) : null;
        if (target == null) return skip("mremap without a target address", source);
        int flags = 0;
        for (String f : args.get(3).split("\\|")) {
            flags |= switch (f.strip()) {
                case "MREMAP_MAYMOVE" -> 1;
                case "MREMAP_FIXED" -> 2;
                case "MREMAP_DONTUNMAP" -> 4;
                default -> 0;
            };
        }
        ObjectNode op = trace.op("mremap").put("old_addr", ImportedTrace.hex(old)).put("size", oldSize)
                .put("new_addr", ImportedTrace.hex(target)).put("flags", flags | 2);
        if ((flags & 2) == 0) ImportedTrace.note(op, "moved to the address the kernel chose (MREMAP_FIXED added)");
        return op;
    }

    private ObjectNode mbind(List<String> args, String source) {
        if (args.size() < 3) return skip("mbind needs at least 3 arguments", source);
        Long start = parse(args.get(0));
        Long size = parse(args.get(1));
        int mode = switch (args.get(2).replaceAll("\\|.*", "").strip()) {
            case "MPOL_DEFAULT" -> 0;
            case "MPOL_PREFERRED" -> 1;
            case "MPOL_BIND" -> 2;
            case "MPOL_INTERLEAVE" -> 3;
            case "MPOL_LOCAL" -> 4;
            case "MPOL_PREFERRED_MANY" -> 5;
            case "MPOL_WEIGHTED_INTERLEAVE" -> 6;
            default -> -1;
        };
        if (start == null || size == null || mode < 0) return skip("cannot read mbind's arguments", source);
        return trace.op("mbind").put("start", ImportedTrace.hex(start)).put("size", size).put("mode", mode);
    }

    private ObjectNode range(String op, List<String> args, String source) {
        if (args.size() < 2) return skip(op + " needs at least 2 arguments", source);
        Long start = parse(args.get(0));
        Long size = parse(args.get(1));
        if (start == null || size == null) return skip("cannot read " + op + "'s arguments", source);
        ObjectNode n = trace.op(op).put("start", ImportedTrace.hex(start)).put("size", size);
        if (op.equals("madvise") && args.size() > 2) n.put("advice", args.get(2));
        return n;
    }

    /** {@code A|B|C} as the names the model knows; others are collected in {@code dropped}. */
    private static ArrayNode bits(String text, Map<String, Integer> known, List<String> dropped) {
        var out = ImportedTrace.JSON.createArrayNode();
        for (String f : text.split("\\|")) {
            String name = f.strip();
            if (known.containsKey(name)) out.add(name);
            else dropped.add(name);
        }
        return out;
    }

    /** A number as strace prints it (decimal, hex, or NULL), or null. */
    private static Long parse(String text) {
        String t = text.strip();
        if (t.equals("NULL")) return 0L;
        try {
            if (t.startsWith("0x")) return Long.parseUnsignedLong(t.substring(2), 16);
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private ObjectNode skip(String reason, String source) {
        trace.skip(reason, source);
        return null;
    }

    /** Splits a call's arguments at top-level commas (not inside brackets, braces or quotes). */
    static List<String> splitArgs(String text) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '"' && (i == 0 || text.charAt(i - 1) != '\\')) quoted = !quoted;
            if (!quoted) {
                if (ch == '[' || ch == '{' || ch == '(' || ch == '<') depth++;
                if (ch == ']' || ch == '}' || ch == ')' || ch == '>') depth--;
                if (ch == ',' && depth == 0) {
                    out.add(cur.toString().strip());
                    cur.setLength(0);
                    continue;
                }
            }
            cur.append(ch);
        }
        if (!cur.toString().isBlank()) out.add(cur.toString().strip());
        return out;
    }
}
