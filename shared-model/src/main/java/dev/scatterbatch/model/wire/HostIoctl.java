package dev.scatterbatch.model.wire;

import dev.scatterbatch.model.uapi.SvmAttribute;

import java.util.List;

/**
 * A KFD ioctl a host process issues, with the fields of its argument struct and the user memory it points
 * to (the host kernel builds the struct and copies the pointed-to data in, as {@code kfd_ioctl} would).
 */
public sealed interface HostIoctl extends HostCommand {

    /** The issuing process. */
    int processId();

    /** {@code AMDKFD_IOC_ALLOC_MEMORY_OF_GPU} of one userptr range: GPU VA {@code vaAddr}, CPU VA {@code cpuAddress}. */
    record AllocUserptr(int processId, long atNs, int gpuId, long vaAddr, long size, long cpuAddress, int flags)
            implements HostIoctl {
    }

    /** {@code AMDKFD_IOC_ALLOC_MEMORY_OF_GPU_BATCH} (v2 ABI): the ranges in GPU VA order. */
    record AllocUserptrBatch(int processId, long atNs, int gpuId, long vaAddr, List<CpuRange> ranges, int flags)
            implements HostIoctl {
        public AllocUserptrBatch {
            ranges = List.copyOf(ranges);
        }
    }

    /** {@code AMDKFD_IOC_ALLOC_MEMORY_OF_GPU} with {@code USERPTR_BATCH} (v3/v4 ABI): ranges data at mmap_offset. */
    record AllocUserptrBatchFlag(int processId, long atNs, int gpuId, long vaAddr, List<CpuRange> ranges, int flags)
            implements HostIoctl {
        public AllocUserptrBatchFlag {
            ranges = List.copyOf(ranges);
        }
    }

    /**
     * {@code AMDKFD_IOC_SVM_RANGES} (series v1): pins {@code ranges} behind the VMA at {@code startAddr} and applies
     * {@code attrs} to {@code [startAddr, startAddr + sum of sizes)}.
     */
    record SvmRanges(int processId, long atNs, long startAddr, List<CpuRange> ranges, List<SvmAttribute> attrs) implements HostIoctl {
        public SvmRanges {
            ranges = List.copyOf(ranges);
            attrs = List.copyOf(attrs);
        }
    }

    /** {@code AMDKFD_IOC_SVM} with {@code KFD_IOCTL_SVM_OP_SET_ATTR} over {@code [startAddr, startAddr + size)}. */
    record SvmSetAttr(int processId, long atNs, long startAddr, long size, List<SvmAttribute> attrs) implements HostIoctl {
        public SvmSetAttr {
            attrs = List.copyOf(attrs);
        }
    }

    /** {@code AMDKFD_IOC_MAP_MEMORY_TO_GPU} on the given GPUs. */
    record MapToGpu(int processId, long atNs, long handle, List<Integer> gpuIds) implements HostIoctl {
        public MapToGpu {
            gpuIds = List.copyOf(gpuIds);
        }
    }

    /** {@code AMDKFD_IOC_UNMAP_MEMORY_FROM_GPU} on the given GPUs. */
    record UnmapFromGpu(int processId, long atNs, long handle, List<Integer> gpuIds) implements HostIoctl {
        public UnmapFromGpu {
            gpuIds = List.copyOf(gpuIds);
        }
    }

    /** {@code AMDKFD_IOC_FREE_MEMORY_OF_GPU}. */
    record FreeMemory(int processId, long atNs, long handle) implements HostIoctl {
    }

    /**
     * One CPU VA range of a batch.
     *
     * @param start host virtual address
     * @param size  bytes
     */
    record CpuRange(long start, long size) {
    }
}
