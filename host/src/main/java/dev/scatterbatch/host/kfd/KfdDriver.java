package dev.scatterbatch.host.kfd;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The host's amdgpu/amdkfd driver state shared by every KFD process: the system-memory and TTM limits
 * ({@code kfd_mem_limit}) and the GPUs with their VRAM usage and mmap-offset space. Processes of several guests
 * (several VMMs) share one driver.
 */
public final class KfdDriver {

    private final long hostRam;
    private final KfdMemLimit memLimit;
    private final Map<Integer, KfdNode> nodes = new LinkedHashMap<>();

    /** The driver of a host with {@code env}'s RAM, limit setting and GPUs. */
    public KfdDriver(KfdEnvironment env) {
        this.hostRam = env.hostRam();
        this.memLimit = new KfdMemLimit(env.hostRam(), env.vramSize() * env.gpuIds().size(), env.noSystemMemLimit());
        for (int gpuId : env.gpuIds()) nodes.put(gpuId, new KfdNode(gpuId, env.vramSize(), env.largeBar()));
    }

    /** {@code kfd_mem_limit.system_mem_used}: bytes charged by userptr and GTT BOs. */
    public long systemMemUsed() {
        return memLimit.systemMemUsed();
    }

    /** {@code kfd_mem_limit.max_system_mem_limit}. */
    public long maxSystemMemLimit() {
        return memLimit.maxSystemMemLimit();
    }

    /** {@code kfd_mem_limit.ttm_mem_used}: bytes charged by GTT BOs. */
    public long ttmMemUsed() {
        return memLimit.ttmMemUsed();
    }

    /** VRAM charged on {@code gpuId} ({@code adev->kfd.vram_used}). */
    public long vramUsed(int gpuId) {
        return node(gpuId).vramUsed;
    }

    /** Live BO mmap-offset ranges on {@code gpuId}. */
    public int mmapOffsetsInUse(int gpuId) {
        return node(gpuId).mmapOffsets().allocatedCount();
    }

    long hostRam() {
        return hostRam;
    }

    KfdMemLimit memLimit() {
        return memLimit;
    }

    KfdNode node(int gpuId) {
        KfdNode n = nodes.get(gpuId);
        if (n == null) throw new IllegalArgumentException("the driver has no GPU " + gpuId);
        return n;
    }
}
