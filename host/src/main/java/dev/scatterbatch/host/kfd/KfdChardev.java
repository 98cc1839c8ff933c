package dev.scatterbatch.host.kfd;

import dev.scatterbatch.model.sim.EventQueue;
import dev.scatterbatch.model.uapi.Errno;
import dev.scatterbatch.model.uapi.IoctlCommand;
import dev.scatterbatch.model.uapi.KfdHandle;
import dev.scatterbatch.model.uapi.KfdIoctlLayouts;
import dev.scatterbatch.model.uapi.KfdIoctlStruct;
import dev.scatterbatch.model.uapi.UserMemory;

import java.util.Map;

/**
 * The handlers of {@code kfd_chardev.c} a process issues besides the memory ioctls: VM acquisition, apertures,
 * queues ({@link ProcessQueueManager}), events ({@link KfdEvents}), memory policy, clocks, tile config, trap
 * handler, XNACK mode and runtime enable, each with its checks in the kernel's order. Every handler works on the
 * argument struct the dispatcher copied in and leaves its outputs in it.
 */
final class KfdChardev {

    /** {@code KFD_RUNTIME_ENABLE_MODE_ENABLE_MASK}. */
    private static final long RUNTIME_ENABLE_MASK = 1;
    /** The GPU timestamp counter runs at 100 MHz (the RLC reference clock): one tick per 10 ns. */
    private static final long GPU_CLOCK_NS_PER_TICK = 10;
    /** {@code ARRAY_SIZE(adev->gfx.config.tile_mode_array)} and {@code macrotile_mode_array}. */
    private static final int TILE_CONFIGS = 32;
    private static final int MACRO_TILE_CONFIGS = 16;

    private final KfdEnvironment env;
    private final Map<Integer, KfdProcessDevice> pdds;
    private final EventQueue clock;
    final ProcessQueueManager pqm;
    final KfdEvents events;
    /** {@code p->signal_handle}: the BO the event page lives in; FREE of it is refused. */
    long signalHandle;
    private boolean xnackEnabled;
    private boolean runtimeEnabled;

    KfdChardev(KfdEnvironment env, Map<Integer, KfdProcessDevice> pdds, SvmRangeList svms, EventQueue clock,
               long signalPageBytes) {
        this.env = env;
        this.pdds = pdds;
        this.clock = clock;
        this.pqm = new ProcessQueueManager(env.kernel(), svms);
        this.events = new KfdEvents(env.kernel(), clock, signalPageBytes);
        this.signalHandle = env.signalHandle();
    }

    /** Runs {@code command}'s handler on {@code a}; returns 0 or {@code -errno}. */
    int handle(IoctlCommand command, KfdIoctlStruct a, UserMemory user) {
        return switch (command) {
            case CREATE_QUEUE -> pqm.create(a, pdds.get(a.getInt("gpu_id")));
            case DESTROY_QUEUE -> pqm.destroy(a);
            case UPDATE_QUEUE -> pqm.update(a);
            case CREATE_EVENT -> createEvent(a);
            case DESTROY_EVENT -> events.destroy(a);
            case SET_EVENT -> events.set(a);
            case RESET_EVENT -> events.reset(a);
            case WAIT_EVENTS -> events.waitOnEvents(a, user);
            case SET_MEMORY_POLICY -> setMemoryPolicy(a);
            case GET_CLOCK_COUNTERS -> getClockCounters(a);
            case GET_PROCESS_APERTURES -> getProcessApertures(a);
            case GET_PROCESS_APERTURES_NEW -> getProcessAperturesNew(a, user);
            case ACQUIRE_VM -> acquireVm(a);
            case GET_TILE_CONFIG -> getTileConfig(a, user);
            case SET_TRAP_HANDLER -> setTrapHandler(a);
            case SET_XNACK_MODE -> setXnackMode(a);
            case RUNTIME_ENABLE -> runtimeEnable(a);
            default -> throw new IllegalArgumentException(command + " is not a chardev handler of this class");
        };
    }

    /** {@code kfd_ioctl_create_event}: the first call with a BO handle makes that BO the signal page. */
    private int createEvent(KfdIoctlStruct a) {
        long handle = a.get("event_page_offset");
        if (handle != 0) {
            if (events.hasSignalPage()) return Errno.EINVAL.ret();
            KfdProcessDevice pdd = pdds.get(KfdHandle.gpuId(handle));
            if (pdd == null) return Errno.EINVAL.ret();
            if (!pdd.vmAcquired) return Errno.ENODEV.ret();
            KgdMem mem = pdd.allocIdr.find(KfdHandle.idr(handle));
            if (mem == null) return Errno.EINVAL.ret();
            // amdgpu_amdkfd_gpuvm_map_gtt_bo_to_kernel refuses userptr BOs
            if (mem.isUserptr()) return Errno.EINVAL.ret();
            events.setSignalPage(mem.boSize);
            signalHandle = handle;
        }
        return events.create(a);
    }

    /** {@code kfd_ioctl_set_memory_policy}; {@code set_cache_memory_policy_v9} accepts every aperture. */
    private int setMemoryPolicy(KfdIoctlStruct a) {
        if (a.get("default_policy") > 1) return Errno.EINVAL.ret();
        if (a.get("alternate_policy") > 1) return Errno.EINVAL.ret();
        KfdProcessDevice pdd = pdds.get(a.getInt("gpu_id"));
        if (pdd == null) return Errno.EINVAL.ret();
        return pdd.vmAcquired ? 0 : Errno.ESRCH.ret();
    }

    /** {@code kfd_ioctl_get_clock_counters}: never fails; every clock reads virtual time. */
    private int getClockCounters(KfdIoctlStruct a) {
        long now = clock.nowNs();
        a.set("gpu_clock_counter", pdds.containsKey(a.getInt("gpu_id")) ? now / GPU_CLOCK_NS_PER_TICK : 0);
        a.set("cpu_clock_counter", now);
        a.set("system_clock_counter", now);
        a.set("system_clock_freq", 1_000_000_000L);
        return 0;
    }

    /** {@code kfd_ioctl_get_process_apertures}: up to {@code NUM_OF_SUPPORTED_GPUS} entries in the struct itself. */
    private int getProcessApertures(KfdIoctlStruct a) {
        int i = 0;
        for (KfdProcessDevice pdd : pdds.values()) {
            if (i == KfdIoctlLayouts.NUM_OF_SUPPORTED_GPUS) break;
            a.put(i++ * KfdIoctlLayouts.APERTURES_ENTRY_SIZE, KfdFlatMemory.apertures(pdd.gpuId(), env.kernel()));
        }
        a.set("num_of_nodes", i);
        return 0;
    }

    /** {@code kfd_ioctl_get_process_apertures_new}: a size query with 0 nodes, else the entries at the pointer. */
    private int getProcessAperturesNew(KfdIoctlStruct a, UserMemory user) {
        long asked = a.get("num_of_nodes");
        if (asked == 0) {
            a.set("num_of_nodes", pdds.size());
            return 0;
        }
        // kcalloc(num_of_nodes, 56) has no other bound
        if (asked * KfdIoctlLayouts.APERTURES_ENTRY_SIZE > Integer.MAX_VALUE) return Errno.ENOMEM.ret();
        int n = (int) Math.min(asked, pdds.size());
        byte[] out = new byte[n * KfdIoctlLayouts.APERTURES_ENTRY_SIZE];
        int i = 0;
        for (KfdProcessDevice pdd : pdds.values()) {
            if (i == n) break;
            System.arraycopy(KfdFlatMemory.apertures(pdd.gpuId(), env.kernel()), 0, out, i++ * KfdIoctlLayouts.APERTURES_ENTRY_SIZE,
                    KfdIoctlLayouts.APERTURES_ENTRY_SIZE);
        }
        a.set("num_of_nodes", n);
        return user.copyToUser(a.get("kfd_process_device_apertures_ptr"), out) ? 0 : Errno.EFAULT.ret();
    }

    /**
     * {@code kfd_ioctl_acquire_vm}: the descriptor must be a render node of the host ({@code fget} and
     * {@code amdgpu_file_to_fpriv}); acquiring again through the same file is a no-op, through another
     * {@code -EBUSY}; a render node whose VM another device of the process already made a compute VM is refused.
     */
    private int acquireVm(KfdIoctlStruct a) {
        int fd = a.getInt("drm_fd");
        boolean renderNode = env.nodes().stream().anyMatch(n -> n.renderFd() == fd);
        if (!renderNode) return Errno.EINVAL.ret();
        KfdProcessDevice pdd = pdds.get(a.getInt("gpu_id"));
        if (pdd == null) return Errno.EINVAL.ret();
        if (pdd.vmAcquired) return pdd.drmFd == fd ? 0 : Errno.EBUSY.ret();
        boolean alreadyCompute = pdds.values().stream().anyMatch(o -> o.vmAcquired && o.drmFd == fd);
        if (alreadyCompute) return Errno.EINVAL.ret();
        pdd.vmAcquired = true;
        pdd.drmFd = fd;
        return 0;
    }

    /** {@code kfd_ioctl_get_tile_config}: GFX9 and later leave the tile tables, banks and ranks zero. */
    private int getTileConfig(KfdIoctlStruct a, UserMemory user) {
        KfdProcessDevice pdd = pdds.get(a.getInt("gpu_id"));
        if (pdd == null) return Errno.EINVAL.ret();
        a.set("gb_addr_config", Integer.toUnsignedLong(pdd.properties.gbAddrConfig()));
        a.set("num_banks", 0);
        a.set("num_ranks", 0);
        long tiles = Math.min(a.get("num_tile_configs"), TILE_CONFIGS);
        a.set("num_tile_configs", tiles);
        if (!user.copyToUser(a.get("tile_config_ptr"), new byte[(int) tiles * 4])) return Errno.EFAULT.ret();
        long macro = Math.min(a.get("num_macro_tile_configs"), MACRO_TILE_CONFIGS);
        a.set("num_macro_tile_configs", macro);
        return user.copyToUser(a.get("macro_tile_config_ptr"), new byte[(int) macro * 4]) ? 0 : Errno.EFAULT.ret();
    }

    /** {@code kfd_ioctl_set_trap_handler}. */
    private int setTrapHandler(KfdIoctlStruct a) {
        KfdProcessDevice pdd = pdds.get(a.getInt("gpu_id"));
        if (pdd == null) return Errno.EINVAL.ret();
        return pdd.vmAcquired ? 0 : Errno.ESRCH.ret();
    }

    /** {@code kfd_ioctl_set_xnack_mode}: a negative value queries; no change while queues exist. */
    private int setXnackMode(KfdIoctlStruct a) {
        long wanted = a.get("xnack_enabled");
        if (wanted < 0) {
            a.set("xnack_enabled", xnackEnabled ? 1 : 0);
            return 0;
        }
        if (pqm.hasQueues()) return Errno.EBUSY.ret();
        boolean enable = wanted != 0;
        if (enable == xnackEnabled) return 0;
        if (enable && !pdds.values().stream().allMatch(p -> p.properties.xnackSupported())) return Errno.EPERM.ret();
        xnackEnabled = enable;
        return 0;
    }

    /** {@code kfd_ioctl_runtime_enable} without a debugger attached. */
    private int runtimeEnable(KfdIoctlStruct a) {
        if ((a.get("mode_mask") & RUNTIME_ENABLE_MASK) == 0) {
            runtimeEnabled = false;
            return 0;
        }
        if (runtimeEnabled) return Errno.EBUSY.ret();
        if (pqm.hasQueues()) return Errno.EEXIST.ret();
        runtimeEnabled = true;
        return 0;
    }
}
