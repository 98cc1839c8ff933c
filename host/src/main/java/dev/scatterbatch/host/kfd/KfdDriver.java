package dev.scatterbatch.host.kfd;

import dev.scatterbatch.host.mm.PinnedMemory;
import dev.scatterbatch.model.uapi.AllocFlags;

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
    private final PinnedMemory pinned;
    private final Map<Integer, KfdNode> nodes = new LinkedHashMap<>();

    /** The driver of a host with {@code env}'s RAM, limit setting and GPUs. */
    public KfdDriver(KfdEnvironment env) {
        this.hostRam = env.hostRam();
        long totalVram = env.nodes().stream().mapToLong(KfdNodeProperties::vramSize).sum();
        this.memLimit = new KfdMemLimit(env.hostRam(), totalVram, env.noSystemMemLimit());
        this.pinned = new PinnedMemory(env.hostRam());
        for (KfdNodeProperties p : env.nodes()) {
            KfdNode node = new KfdNode(p.gpuId(), p.vramSize(), env.largeBar(), p.apu());
            nodes.put(p.gpuId(), node);
            // other processes' BOs: charged as theirs were, so this process sees the headroom they left
            if (p.vramUsedByOthers() > 0) chargeOthers(node, p.vramUsedByOthers(), AllocFlags.VRAM, "vram_used_by_others");
            if (p.drmOffsetInUse() > 0 && node.mmapOffsets().allocate(p.drmOffsetInUse() >>> 12) < 0) {
                throw new IllegalArgumentException("drm_offset_in_use of GPU " + p.gpuId() + " is larger than the DRM offset space");
            }
        }
        if (env.systemMemUsedByOthers() > 0) {
            chargeOthers(nodes.values().iterator().next(), env.systemMemUsedByOthers(), AllocFlags.USERPTR,
                    "system_mem_used_by_others");
        }
    }

    private void chargeOthers(KfdNode node, long bytes, int flags, String what) {
        if (memLimit.reserve(node, bytes, flags, true).ret() != 0) {
            throw new IllegalArgumentException(what + " (" + bytes + " bytes) is more than the limit allows");
        }
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

    /** The host's pinned pages and the RAM they may take (one per host, as the driver). */
    public PinnedMemory pinnedMemory() {
        return pinned;
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
