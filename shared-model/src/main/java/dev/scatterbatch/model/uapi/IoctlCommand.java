package dev.scatterbatch.model.uapi;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The {@code AMDKFD_IOC_*} commands the model knows, with numbers computed from the asm-generic {@code _IOC}
 * encoding: {@code dir << 30 | size << 16 | 'K' << 8 | nr}. The modelled kernel carries the batch v2 ioctl at nr
 * 0x28, so its command range is [{@link #COMMAND_START}, {@link #COMMAND_END}).
 */
public enum IoctlCommand {
    /** {@code _IOR(0x01, kfd_ioctl_get_version_args)}. */
    GET_VERSION(IoctlDirection.READ, 0x01, KfdIoctlLayouts.GET_VERSION),
    /** {@code _IOWR(0x02, kfd_ioctl_create_queue_args)}. */
    CREATE_QUEUE(IoctlDirection.READ_WRITE, 0x02, KfdIoctlLayouts.CREATE_QUEUE),
    /** {@code _IOWR(0x03, kfd_ioctl_destroy_queue_args)}. */
    DESTROY_QUEUE(IoctlDirection.READ_WRITE, 0x03, KfdIoctlLayouts.DESTROY_QUEUE),
    /** {@code _IOW(0x04, kfd_ioctl_set_memory_policy_args)}. */
    SET_MEMORY_POLICY(IoctlDirection.WRITE, 0x04, KfdIoctlLayouts.SET_MEMORY_POLICY),
    /** {@code _IOWR(0x05, kfd_ioctl_get_clock_counters_args)}. */
    GET_CLOCK_COUNTERS(IoctlDirection.READ_WRITE, 0x05, KfdIoctlLayouts.GET_CLOCK_COUNTERS),
    /** {@code _IOR(0x06, kfd_ioctl_get_process_apertures_args)} (deprecated). */
    GET_PROCESS_APERTURES(IoctlDirection.READ, 0x06, KfdIoctlLayouts.GET_PROCESS_APERTURES),
    /** {@code _IOW(0x07, kfd_ioctl_update_queue_args)}. */
    UPDATE_QUEUE(IoctlDirection.WRITE, 0x07, KfdIoctlLayouts.UPDATE_QUEUE),
    /** {@code _IOWR(0x08, kfd_ioctl_create_event_args)}. */
    CREATE_EVENT(IoctlDirection.READ_WRITE, 0x08, KfdIoctlLayouts.CREATE_EVENT),
    /** {@code _IOW(0x09, kfd_ioctl_destroy_event_args)}. */
    DESTROY_EVENT(IoctlDirection.WRITE, 0x09, KfdIoctlLayouts.EVENT_ID),
    /** {@code _IOW(0x0A, kfd_ioctl_set_event_args)}. */
    SET_EVENT(IoctlDirection.WRITE, 0x0A, KfdIoctlLayouts.EVENT_ID),
    /** {@code _IOW(0x0B, kfd_ioctl_reset_event_args)}. */
    RESET_EVENT(IoctlDirection.WRITE, 0x0B, KfdIoctlLayouts.EVENT_ID),
    /** {@code _IOWR(0x0C, kfd_ioctl_wait_events_args)}. */
    WAIT_EVENTS(IoctlDirection.READ_WRITE, 0x0C, KfdIoctlLayouts.WAIT_EVENTS),
    /** {@code _IOWR(0x12, kfd_ioctl_get_tile_config_args)}. */
    GET_TILE_CONFIG(IoctlDirection.READ_WRITE, 0x12, KfdIoctlLayouts.GET_TILE_CONFIG),
    /** {@code _IOW(0x13, kfd_ioctl_set_trap_handler_args)}. */
    SET_TRAP_HANDLER(IoctlDirection.WRITE, 0x13, KfdIoctlLayouts.SET_TRAP_HANDLER),
    /** {@code _IOWR(0x14, kfd_ioctl_get_process_apertures_new_args)}. */
    GET_PROCESS_APERTURES_NEW(IoctlDirection.READ_WRITE, 0x14, KfdIoctlLayouts.GET_PROCESS_APERTURES_NEW),
    /** {@code _IOW(0x15, kfd_ioctl_acquire_vm_args)}. */
    ACQUIRE_VM(IoctlDirection.WRITE, 0x15, KfdIoctlLayouts.ACQUIRE_VM),
    /** {@code _IOWR(0x16, kfd_ioctl_alloc_memory_of_gpu_args)}. */
    ALLOC_MEMORY_OF_GPU(IoctlDirection.READ_WRITE, 0x16, KfdIoctlLayouts.ALLOC_MEMORY_OF_GPU),
    /** {@code _IOW(0x17, kfd_ioctl_free_memory_of_gpu_args)}. */
    FREE_MEMORY_OF_GPU(IoctlDirection.WRITE, 0x17, KfdIoctlLayouts.FREE_MEMORY_OF_GPU),
    /** {@code _IOWR(0x18, kfd_ioctl_map_memory_to_gpu_args)}. */
    MAP_MEMORY_TO_GPU(IoctlDirection.READ_WRITE, 0x18, KfdIoctlLayouts.MAP_MEMORY_TO_GPU),
    /** {@code _IOWR(0x19, kfd_ioctl_unmap_memory_from_gpu_args)} (same layout as MAP). */
    UNMAP_MEMORY_FROM_GPU(IoctlDirection.READ_WRITE, 0x19, KfdIoctlLayouts.MAP_MEMORY_TO_GPU),
    /** {@code _IOWR(0x20, kfd_ioctl_svm_args)} (fixed part; attributes follow). */
    SVM(IoctlDirection.READ_WRITE, 0x20, KfdIoctlLayouts.SVM),
    /** {@code _IOWR(0x21, kfd_ioctl_set_xnack_mode_args)}. */
    SET_XNACK_MODE(IoctlDirection.READ_WRITE, 0x21, KfdIoctlLayouts.SET_XNACK_MODE),
    /** {@code _IOWR(0x23, kfd_ioctl_get_available_memory_args)}. */
    AVAILABLE_MEMORY(IoctlDirection.READ_WRITE, 0x23, KfdIoctlLayouts.AVAILABLE_MEMORY),
    /** {@code _IOWR(0x25, kfd_ioctl_runtime_enable_args)}. */
    RUNTIME_ENABLE(IoctlDirection.READ_WRITE, 0x25, KfdIoctlLayouts.RUNTIME_ENABLE),
    /** {@code _IO(0x27)}: amd-staging's secondary-context creation (kernel definition). */
    CREATE_PROCESS(IoctlDirection.NONE, 0x27, KfdIoctlLayouts.NONE),
    /** Batch series v2: {@code _IOWR(0x28, kfd_ioctl_alloc_memory_of_gpu_batch_args)}. */
    ALLOC_MEMORY_OF_GPU_BATCH(IoctlDirection.READ_WRITE, 0x28, KfdIoctlLayouts.ALLOC_MEMORY_OF_GPU_BATCH),
    /**
     * Batch series v1: {@code _IOWR(0x27, kfd_ioctl_svm_ranges_args)}. The posted v1 took nr 0x27, which the modelled
     * kernel gives to CREATE_PROCESS, so the dispatcher never finds it by number: the model calls its handler directly.
     */
    SVM_RANGES(IoctlDirection.READ_WRITE, 0x27, KfdIoctlLayouts.SVM_RANGES);

    /** {@code AMDKFD_IOCTL_BASE}, the ioctl type byte. */
    public static final int TYPE = 'K';
    /** {@code AMDKFD_COMMAND_START}. */
    public static final int COMMAND_START = 0x01;
    /** {@code AMDKFD_COMMAND_END} with CREATE_PROCESS (0x27) and batch v2 (0x28). */
    public static final int COMMAND_END = 0x29;

    private static final Map<Integer, IoctlCommand> BY_NR = Arrays.stream(values()).filter(c -> c != SVM_RANGES)
            .collect(Collectors.toUnmodifiableMap(IoctlCommand::nr, Function.identity()));

    private final IoctlDirection direction;
    private final int nr;
    private final int size;
    private final KfdStructLayout layout;

    IoctlCommand(IoctlDirection direction, int nr, KfdStructLayout layout) {
        this.direction = direction;
        this.nr = nr;
        this.size = layout.size();
        this.layout = layout;
    }

    /** The argument struct's C layout. */
    public KfdStructLayout layout() {
        return layout;
    }

    /** The command whose kernel name without {@code AMDKFD_IOC_} is {@code name} (any case). */
    public static Optional<IoctlCommand> byName(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        if (n.startsWith("AMDKFD_IOC_")) n = n.substring("AMDKFD_IOC_".length());
        for (IoctlCommand c : values()) if (c.name().equals(n)) return Optional.of(c);
        return Optional.empty();
    }

    /** The direction of the kernel's definition. */
    public IoctlDirection direction() {
        return direction;
    }

    /** The command number within the KFD range. */
    public int nr() {
        return nr;
    }

    /** The argument struct size encoded in the number. */
    public int size() {
        return size;
    }

    /** The ioctl number: {@code _IOC(dir, 'K', nr, size)}. */
    public int number() {
        return encode(direction, TYPE, nr, size);
    }

    /**
     * Whether the command is part of registering a buffer for the GPU (ALLOC, batch ALLOC, MAP; SVM and v1's
     * SVM_RANGES, which register and map in one call), as bench counts
     * host ioctls per buffer and the dashboards filter them; teardown's UNMAP and FREE are not.
     */
    public boolean registrationPath() {
        return switch (this) {
            case ALLOC_MEMORY_OF_GPU, ALLOC_MEMORY_OF_GPU_BATCH, MAP_MEMORY_TO_GPU, SVM_RANGES, SVM -> true;
            case GET_VERSION, CREATE_QUEUE, DESTROY_QUEUE, SET_MEMORY_POLICY, GET_CLOCK_COUNTERS, GET_PROCESS_APERTURES,
                 UPDATE_QUEUE, CREATE_EVENT, DESTROY_EVENT, SET_EVENT, RESET_EVENT, WAIT_EVENTS, GET_TILE_CONFIG,
                 SET_TRAP_HANDLER, GET_PROCESS_APERTURES_NEW, ACQUIRE_VM, FREE_MEMORY_OF_GPU, UNMAP_MEMORY_FROM_GPU,
                 SET_XNACK_MODE, AVAILABLE_MEMORY, RUNTIME_ENABLE, CREATE_PROCESS -> false;
        };
    }

    /** The kernel's macro name, {@code AMDKFD_IOC_ALLOC_MEMORY_OF_GPU}. */
    public String kernelName() {
        return "AMDKFD_IOC_" + name();
    }

    /** {@code _IOC(dir, type, nr, size)}. */
    public static int encode(IoctlDirection direction, int type, int nr, int size) {
        if (size < 0 || size >= 1 << 14) throw new IllegalArgumentException("ioctl size " + size + " does not fit in 14 bits");
        return direction.bits() << 30 | size << 16 | (type & 0xFF) << 8 | (nr & 0xFF);
    }

    /** {@code _IOC_NR(cmd)}. */
    public static int nrOf(int cmd) {
        return cmd & 0xFF;
    }

    /** {@code _IOC_TYPE(cmd)}. */
    public static int typeOf(int cmd) {
        return cmd >>> 8 & 0xFF;
    }

    /** {@code _IOC_SIZE(cmd)}. */
    public static int sizeOf(int cmd) {
        return cmd >>> 16 & 0x3FFF;
    }

    /** {@code _IOC_DIR(cmd)}. */
    public static IoctlDirection directionOf(int cmd) {
        return IoctlDirection.ofBits(cmd >>> 30);
    }

    /** The command the modelled kernel has at this nr, if the model knows it by name. */
    public static Optional<IoctlCommand> byNr(int nr) {
        return Optional.ofNullable(BY_NR.get(nr));
    }
}
