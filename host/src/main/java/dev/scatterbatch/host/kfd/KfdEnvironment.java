package dev.scatterbatch.host.kfd;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The host a KFD process runs on and how the process was opened.
 *
 * @param hostRam          host RAM in bytes (sets the system-memory and TTM limits)
 * @param gpuIds           the process's devices by {@code gpu_id}, in topology order
 * @param noSystemMemLimit {@code amdgpu.no_system_mem_limit}: the system-memory limit is not enforced
 * @param vramSize         VRAM of each device in bytes
 * @param largeBar         whether the devices expose all VRAM through a large BAR (host-visible VRAM allowed)
 * @param primaryContext   whether this is the primary KFD context ({@code KFD_CONTEXT_ID_PRIMARY}); secondary
 *                         contexts may not allocate userptrs
 * @param vmNotAcquired    devices whose GPU VM the process has not acquired ({@code ACQUIRE_VM} not done):
 *                         binding to them fails with {@code -ENODEV}
 * @param signalHandle     the handle of the process's signal-page BO ({@code p->signal_handle}), 0 for none;
 *                         freeing it fails with {@code -EPERM}
 * @param kernel           the kernel release answering
 * @param nodes            each device's properties, in {@code gpuIds} order
 * @param systemMemUsedByOthers system memory other processes' KFD BOs already hold ({@code system_mem_used})
 * @param firstIdr         the lowest BO idr id the process may still get on each device: lower ids belong to BOs
 *                         allocated before the trace starts that the trace never names
 */
public record KfdEnvironment(long hostRam, List<Integer> gpuIds, boolean noSystemMemLimit, long vramSize,
                             boolean largeBar, boolean primaryContext, Set<Integer> vmNotAcquired, long signalHandle,
                             KernelVersion kernel, List<KfdNodeProperties> nodes, long systemMemUsedByOthers,
                             int firstIdr) {

    /** 64 GiB, the replay's starting host. */
    public static final long DEFAULT_HOST_RAM = 64L << 30;
    /** 16 GiB of VRAM per device. */
    public static final long DEFAULT_VRAM = 16L << 30;

    /**
     * Validates the environment.
     *
     * @throws IllegalArgumentException naming the bad field
     */
    public KfdEnvironment {
        if (hostRam <= 0) throw new IllegalArgumentException("host_ram must be positive, got " + hostRam);
        if (vramSize <= 0) throw new IllegalArgumentException("vram_size must be positive, got " + vramSize);
        if (gpuIds.isEmpty()) throw new IllegalArgumentException("gpu_ids must name at least one device");
        if (gpuIds.contains(0)) throw new IllegalArgumentException("gpu_ids must not contain 0 (KFD never matches gpu_id 0)");
        for (int id : gpuIds) {
            // kfd_generate_gpu_id keeps KFD_GPU_ID_HASH_WIDTH (16) bits of its hash; a handle keeps the id in its top half
            if (id < 0 || id > 0xFFFF) {
                throw new IllegalArgumentException("gpu_ids must be 16-bit values (KFD makes them so), got " + Integer.toUnsignedString(id));
            }
        }
        if (new LinkedHashSet<>(gpuIds).size() != gpuIds.size()) throw new IllegalArgumentException("gpu_ids must be distinct, got " + gpuIds);
        if (!gpuIds.containsAll(vmNotAcquired)) throw new IllegalArgumentException("vm_not_acquired names devices outside gpu_ids: " + vmNotAcquired);
        if (nodes.size() != gpuIds.size()) throw new IllegalArgumentException("every GPU needs its properties");
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).gpuId() != gpuIds.get(i)) throw new IllegalArgumentException("GPU properties out of gpu_ids order");
        }
        if (systemMemUsedByOthers < 0) throw new IllegalArgumentException("system_mem_used_by_others must not be negative");
        if (firstIdr < 0) throw new IllegalArgumentException("the first idr id must not be negative, got " + firstIdr);
        gpuIds = List.copyOf(gpuIds);
        vmNotAcquired = Set.copyOf(vmNotAcquired);
        nodes = List.copyOf(nodes);
    }

    /** One primary-context process on GPU 1 with 64 GiB of host RAM and the system-memory limit enforced. */
    public static KfdEnvironment defaults() {
        return of(DEFAULT_HOST_RAM, List.of(1), false);
    }

    /** A primary-context process on {@code gpuIds} (16 GiB VRAM each, large BAR, VMs acquired). */
    public static KfdEnvironment of(long hostRam, List<Integer> gpuIds, boolean noSystemMemLimit) {
        return new KfdEnvironment(hostRam, gpuIds, noSystemMemLimit, DEFAULT_VRAM, true, true, Set.of(), 0,
                KernelVersion.MAINLINE, discreteNodes(gpuIds, DEFAULT_VRAM), 0, 0);
    }

    /** {@link KfdNodeProperties#discrete} for each of {@code gpuIds}. */
    public static List<KfdNodeProperties> discreteNodes(List<Integer> gpuIds, long vramSize) {
        List<KfdNodeProperties> out = new ArrayList<>(gpuIds.size());
        for (int i = 0; i < gpuIds.size(); i++) out.add(KfdNodeProperties.discrete(gpuIds.get(i), vramSize, i));
        return out;
    }

    /** The properties of device {@code gpuId}. */
    public KfdNodeProperties node(int gpuId) {
        for (KfdNodeProperties n : nodes) if (n.gpuId() == gpuId) return n;
        throw new IllegalArgumentException("no GPU " + gpuId);
    }
}
