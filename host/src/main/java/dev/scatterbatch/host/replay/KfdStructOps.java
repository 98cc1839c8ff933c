package dev.scatterbatch.host.replay;

import dev.scatterbatch.host.kfd.KfdProcess;
import dev.scatterbatch.model.cost.CostLedger;
import dev.scatterbatch.model.uapi.IoctlCommand;
import dev.scatterbatch.model.uapi.IoctlResult;
import dev.scatterbatch.model.uapi.KfdIoctlArgs;
import dev.scatterbatch.model.uapi.KfdIoctlLayouts;
import dev.scatterbatch.model.uapi.KfdIoctlStruct;
import dev.scatterbatch.model.uapi.KfdStructLayout;
import dev.scatterbatch.model.uapi.SparseUserMemory;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Trace ops that issue one KFD ioctl by its argument struct: the op named as the command in lower case
 * ({@code create_queue}), whose fields are the C struct's fields, and the generic {@code ioctl} op with a command
 * number and an {@code args} object. The struct goes through {@code kfd_ioctl} from user memory like a real call
 * (copied in and out by the command's size), and the result line carries {@code ret}, {@code errno} and the
 * struct's output fields as the kernel left them.
 */
final class KfdStructOps {

    /** Where the replay's user space keeps an ioctl's argument struct and the arrays it points to. */
    static final long ARGS_PTR = 0x7ff0_2000_0000L;
    static final long ARRAY_PTR = 0x7ff0_3000_0000L;
    static final long MACRO_ARRAY_PTR = 0x7ff0_3100_0000L;

    /** Commands with their own op; the memory commands keep their richer ops (alloc, map, ...). */
    private static final Set<IoctlCommand> STRUCT_OPS = Set.of(IoctlCommand.GET_VERSION, IoctlCommand.CREATE_QUEUE,
            IoctlCommand.DESTROY_QUEUE, IoctlCommand.SET_MEMORY_POLICY, IoctlCommand.GET_CLOCK_COUNTERS,
            IoctlCommand.GET_PROCESS_APERTURES, IoctlCommand.UPDATE_QUEUE, IoctlCommand.CREATE_EVENT,
            IoctlCommand.DESTROY_EVENT, IoctlCommand.SET_EVENT, IoctlCommand.RESET_EVENT, IoctlCommand.WAIT_EVENTS,
            IoctlCommand.GET_TILE_CONFIG, IoctlCommand.SET_TRAP_HANDLER, IoctlCommand.GET_PROCESS_APERTURES_NEW,
            IoctlCommand.ACQUIRE_VM, IoctlCommand.SET_XNACK_MODE, IoctlCommand.AVAILABLE_MEMORY,
            IoctlCommand.RUNTIME_ENABLE);

    private KfdStructOps() {
    }

    /** The command an op name stands for, if it is one of the struct ops. */
    static Optional<IoctlCommand> command(String op) {
        return IoctlCommand.byName(op).filter(c -> STRUCT_OPS.contains(c) && c.name().toLowerCase(Locale.ROOT).equals(op));
    }

    /** Op names, for the unknown-op message. */
    static List<String> opNames() {
        return STRUCT_OPS.stream().map(c -> c.name().toLowerCase(Locale.ROOT)).sorted().toList();
    }

    /** Runs {@code command}'s op: the line's fields are the struct's, plus {@code events} for WAIT_EVENTS. */
    static String run(KfdProcess process, IoctlCommand command, TraceFields f, Map<String, Long> names, JsonLine out) {
        KfdStructLayout layout = command.layout();
        Set<String> known = new HashSet<>();
        for (KfdStructLayout.Field field : layout.fields()) if (field.access() != KfdStructLayout.Access.PAD) known.add(field.name());
        if (command == IoctlCommand.WAIT_EVENTS) known.add("events");
        f.onlyKnown(known);
        KfdIoctlStruct args = KfdIoctlStruct.zeroed(layout);
        for (KfdStructLayout.Field field : layout.fields()) {
            if (field.access() == KfdStructLayout.Access.PAD || !f.has(field.name())) continue;
            args.set(field.name(), value(f, field, names));
        }
        SparseUserMemory user = new SparseUserMemory();
        placeArrays(command, args, f, user);
        return issue(process, command.number(), args.encode(), layout, user, out);
    }

    /**
     * The generic op: {@code cmd} (a number or a command name) with {@code args} laid out as the kernel's struct for
     * that command number, cut or zero-padded to the command's {@code _IOC_SIZE}. Without {@code args} the pointer is
     * NULL.
     */
    static String ioctl(KfdProcess process, TraceFields f, Map<String, Long> names, JsonLine out) {
        f.onlyKnown(Set.of("cmd", "args"));
        int cmd = f.has("cmd") && f.isText("cmd") && !f.text("cmd").matches("(0[xX])?[0-9a-fA-F]+")
                ? IoctlCommand.byName(f.text("cmd")).map(IoctlCommand::number)
                        .orElseThrow(() -> new TraceLineException("cmd '" + f.text("cmd") + "' is not a KFD command the model knows"))
                : f.u32("cmd");
        if (!f.has("args")) return ReplayRunner.ret(out, process.ioctl(cmd, 0, new SparseUserMemory(), new CostLedger()).ret()).toString();
        Optional<IoctlCommand> known = IoctlCommand.byNr(IoctlCommand.nrOf(cmd));
        KfdStructLayout layout = known.map(IoctlCommand::layout).orElse(KfdIoctlLayouts.NONE);
        TraceFields a = f.object("args");
        Set<String> fields = new HashSet<>();
        for (KfdStructLayout.Field field : layout.fields()) fields.add(field.name());
        a.onlyKnown(fields);
        KfdIoctlStruct args = KfdIoctlStruct.zeroed(layout);
        for (KfdStructLayout.Field field : layout.fields()) if (a.has(field.name())) args.set(field.name(), value(a, field, names));
        byte[] bytes = Arrays.copyOf(args.encode(), IoctlCommand.sizeOf(cmd));
        SparseUserMemory user = new SparseUserMemory();
        known.ifPresent(c -> placeArrays(c, args, a, user));
        return issue(process, cmd, bytes, layout, user, out);
    }

    private static long value(TraceFields f, KfdStructLayout.Field field, Map<String, Long> names) {
        if (field.width() == 8) return f.handle(field.name(), names);
        if (field.signed()) return f.s32(field.name());
        return Integer.toUnsignedLong(f.u32(field.name()));
    }

    /** Places the arrays a struct points to where the line did not give its own pointer. */
    private static void placeArrays(IoctlCommand command, KfdIoctlStruct args, TraceFields f, SparseUserMemory user) {
        switch (command) {
            case WAIT_EVENTS -> {
                if (!f.has("events")) return;
                List<long[]> events = f.objects("events", e -> {
                    e.onlyKnown(Set.of("event_id", "last_event_age"));
                    return new long[]{Integer.toUnsignedLong(e.u32("event_id")), e.u64("last_event_age", 0)};
                });
                ByteBuffer b = KfdIoctlStruct.littleEndian(new byte[events.size() * KfdIoctlLayouts.EVENT_DATA_SIZE]);
                for (int i = 0; i < events.size(); i++) {
                    b.putLong(i * KfdIoctlLayouts.EVENT_DATA_SIZE, events.get(i)[1]);
                    b.putInt(i * KfdIoctlLayouts.EVENT_DATA_SIZE + 40, (int) events.get(i)[0]);
                }
                if (!f.has("events_ptr")) args.set("events_ptr", ARRAY_PTR);
                if (!f.has("num_events")) args.set("num_events", events.size());
                if (events.isEmpty()) return;
                user.place(args.get("events_ptr"), b.array());
            }
            case GET_PROCESS_APERTURES_NEW -> {
                if (f.has("kfd_process_device_apertures_ptr") || args.get("num_of_nodes") == 0) return;
                args.set("kfd_process_device_apertures_ptr", ARRAY_PTR);
                user.place(ARRAY_PTR, new byte[(int) Math.min(args.get("num_of_nodes"), 64) * KfdIoctlLayouts.APERTURES_ENTRY_SIZE]);
            }
            case GET_TILE_CONFIG -> {
                if (!f.has("tile_config_ptr") && args.get("num_tile_configs") != 0) {
                    args.set("tile_config_ptr", ARRAY_PTR);
                    user.place(ARRAY_PTR, new byte[(int) Math.min(args.get("num_tile_configs"), 1024) * 4]);
                }
                if (!f.has("macro_tile_config_ptr") && args.get("num_macro_tile_configs") != 0) {
                    args.set("macro_tile_config_ptr", MACRO_ARRAY_PTR);
                    user.place(MACRO_ARRAY_PTR, new byte[(int) Math.min(args.get("num_macro_tile_configs"), 1024) * 4]);
                }
            }
            default -> {
            }
        }
    }

    /** Calls {@code ioctl(kfd, cmd, ARGS_PTR)} and prints ret and the output fields the kernel copied back. */
    private static String issue(KfdProcess process, int cmd, byte[] bytes, KfdStructLayout layout, SparseUserMemory user,
                                JsonLine out) {
        if (bytes.length > 0) user.place(ARGS_PTR, bytes);
        long ptr = bytes.length > 0 ? ARGS_PTR : 0;
        IoctlResult<? extends KfdIoctlArgs> r = process.ioctl(cmd, ptr, user, new CostLedger());
        ReplayRunner.ret(out, r.ret());
        if (r.args() == null || !IoctlCommand.directionOf(cmd).copiesOut() || bytes.length == 0) return out.toString();
        byte[] after = Arrays.copyOf(user.copyFromUser(ARGS_PTR, bytes.length), layout.size());
        KfdIoctlStruct s = new KfdIoctlStruct(layout, after);
        for (KfdStructLayout.Field field : layout.fields()) {
            if (!field.access().isOutput() || field.offset() + field.width() > bytes.length) continue;
            printField(out, field, s.get(field.name()));
        }
        printApertures(out, layout, s, user, bytes.length);
        return out.toString();
    }

    /** Addresses, offsets and handles as hex strings; counts, ids and sizes as numbers. */
    static void printField(JsonLine out, KfdStructLayout.Field field, long value) {
        String n = field.name();
        boolean hex = n.endsWith("_offset") || n.endsWith("_address") || n.endsWith("_ptr") || n.equals("handle")
                || n.endsWith("_base") || n.endsWith("_limit") || n.equals("gb_addr_config");
        if (hex) out.text(n, JsonLine.hex(value));
        else out.raw(n, field.signed() ? Long.toString(value) : Long.toUnsignedString(value));
    }

    /** The aperture entries GET_PROCESS_APERTURES(_NEW) wrote, as a list. */
    private static void printApertures(JsonLine out, KfdStructLayout layout, KfdIoctlStruct s, SparseUserMemory user, int usize) {
        byte[] entries;
        if (layout == KfdIoctlLayouts.GET_PROCESS_APERTURES && usize == layout.size()) {
            entries = s.slice(0, (int) s.get("num_of_nodes") * KfdIoctlLayouts.APERTURES_ENTRY_SIZE);
        } else if (layout == KfdIoctlLayouts.GET_PROCESS_APERTURES_NEW && s.get("kfd_process_device_apertures_ptr") == ARRAY_PTR) {
            entries = user.copyFromUser(ARRAY_PTR, s.get("num_of_nodes") * KfdIoctlLayouts.APERTURES_ENTRY_SIZE);
            if (entries == null) return;
        } else {
            return;
        }
        StringBuilder list = new StringBuilder("[");
        ByteBuffer b = KfdIoctlStruct.littleEndian(entries);
        String[] names = {"lds_base", "lds_limit", "scratch_base", "scratch_limit", "gpuvm_base", "gpuvm_limit"};
        for (int e = 0; e < entries.length / KfdIoctlLayouts.APERTURES_ENTRY_SIZE; e++) {
            int base = e * KfdIoctlLayouts.APERTURES_ENTRY_SIZE;
            JsonLine entry = new JsonLine().number("gpu_id", Integer.toUnsignedLong(b.getInt(base + 48)));
            for (int i = 0; i < names.length; i++) entry.text(names[i], JsonLine.hex(b.getLong(base + 8 * i)));
            if (list.length() > 1) list.append(", ");
            list.append(entry);
        }
        out.raw("apertures", list.append(']').toString());
    }
}
