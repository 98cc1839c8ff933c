package dev.scatterbatch.model.uapi;

import java.util.Arrays;
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
    GET_VERSION(IoctlDirection.READ, 0x01, GetVersionArgs.SIZE),
    /** {@code _IOWR(0x16, kfd_ioctl_alloc_memory_of_gpu_args)}. */
    ALLOC_MEMORY_OF_GPU(IoctlDirection.READ_WRITE, 0x16, AllocMemoryOfGpuArgs.SIZE),
    /** {@code _IOW(0x17, kfd_ioctl_free_memory_of_gpu_args)}. */
    FREE_MEMORY_OF_GPU(IoctlDirection.WRITE, 0x17, FreeMemoryOfGpuArgs.SIZE),
    /** {@code _IOWR(0x18, kfd_ioctl_map_memory_to_gpu_args)}. */
    MAP_MEMORY_TO_GPU(IoctlDirection.READ_WRITE, 0x18, MapMemoryToGpuArgs.SIZE),
    /** {@code _IOWR(0x19, kfd_ioctl_unmap_memory_from_gpu_args)} (same layout as MAP). */
    UNMAP_MEMORY_FROM_GPU(IoctlDirection.READ_WRITE, 0x19, MapMemoryToGpuArgs.SIZE),
    /** {@code _IOWR(0x20, kfd_ioctl_svm_args)} (fixed part; attributes follow). */
    SVM(IoctlDirection.READ_WRITE, 0x20, SvmArgs.SIZE),
    /** {@code _IOWR(0x23, kfd_ioctl_get_available_memory_args)}. */
    AVAILABLE_MEMORY(IoctlDirection.READ_WRITE, 0x23, AvailableMemoryArgs.SIZE),
    /** {@code _IO(0x27)}: amd-staging's secondary-context creation (kernel definition). */
    CREATE_PROCESS(IoctlDirection.NONE, 0x27, 0),
    /** Batch series v2: {@code _IOWR(0x28, kfd_ioctl_alloc_memory_of_gpu_batch_args)}. */
    ALLOC_MEMORY_OF_GPU_BATCH(IoctlDirection.READ_WRITE, 0x28, AllocMemoryOfGpuBatchArgs.SIZE);

    /** {@code AMDKFD_IOCTL_BASE}, the ioctl type byte. */
    public static final int TYPE = 'K';
    /** {@code AMDKFD_COMMAND_START}. */
    public static final int COMMAND_START = 0x01;
    /** {@code AMDKFD_COMMAND_END} with CREATE_PROCESS (0x27) and batch v2 (0x28). */
    public static final int COMMAND_END = 0x29;

    private static final Map<Integer, IoctlCommand> BY_NR = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(IoctlCommand::nr, Function.identity()));

    private final IoctlDirection direction;
    private final int nr;
    private final int size;

    IoctlCommand(IoctlDirection direction, int nr, int size) {
        this.direction = direction;
        this.nr = nr;
        this.size = size;
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
     * Whether the command is part of registering a buffer for the GPU (ALLOC, batch ALLOC, MAP), as bench counts
     * host ioctls per buffer and the dashboards filter them; teardown's UNMAP and FREE are not.
     */
    public boolean registrationPath() {
        return switch (this) {
            case ALLOC_MEMORY_OF_GPU, ALLOC_MEMORY_OF_GPU_BATCH, MAP_MEMORY_TO_GPU -> true;
            case GET_VERSION, FREE_MEMORY_OF_GPU, UNMAP_MEMORY_FROM_GPU, SVM, AVAILABLE_MEMORY, CREATE_PROCESS -> false;
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
