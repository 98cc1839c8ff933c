package dev.scatterbatch.host.kfd;

import dev.scatterbatch.host.mm.MmStruct;
import dev.scatterbatch.host.mm.PageSize;
import dev.scatterbatch.host.mm.Vma;
import dev.scatterbatch.model.uapi.Errno;

import java.util.Collection;

/**
 * {@code mmap} of a device file by a process: a BO's offset through a render node ({@code drm_gem_mmap}), or a
 * doorbell or event page through {@code /dev/kfd} ({@code kfd_mmap}). The result is a device mapping
 * ({@code VM_IO | VM_PFNMAP}) that page faults and SVM refuse.
 */
final class DeviceMmap {

    /** {@code KFD_MMAP_TYPE_MASK}: the top two bits of a {@code /dev/kfd} offset. */
    private static final long MMAP_TYPE_MASK = 3L << 62;
    private static final int GPU_ID_SHIFT = 46;
    /** The event page: {@code KFD_SIGNAL_EVENT_LIMIT * 8} bytes. */
    private static final long EVENT_PAGE_BYTES = 4096 * 8;

    private DeviceMmap() {
    }

    /**
     * {@code drm_gem_mmap} of {@code size} bytes at BO offset {@code offset} through render node {@code fd} of
     * {@code node}: {@code -EINVAL} when no BO of the process starts at the offset, {@code -EACCES} when the BO was
     * not allowed to this file (the VM was acquired through another), {@code -EINVAL} when the mapping is larger than
     * the BO, {@code -EPERM} for a userptr BO; else the range becomes a device mapping.
     */
    static long renderNode(MmStruct mm, KfdNodeProperties node, Collection<KfdProcessDevice> pdds, long start, long size,
                           long offset) {
        KfdProcessDevice pdd = pdds.stream().filter(p -> p.gpuId() == node.gpuId()).findFirst().orElse(null);
        KgdMem mem = pdd == null ? null : pdd.allocIdr.values().stream()
                .filter(m -> m.drmMmapOffset == offset)
                .findFirst().orElse(null);
        if (mem == null) return Errno.EINVAL.ret();
        if (pdd.drmFd != node.renderFd()) return Errno.EACCES.ret();
        if (Long.compareUnsigned(mem.boSize, size) < 0) return Errno.EINVAL.ret();
        if (mem.isUserptr()) return Errno.EPERM.ret();
        return mm.mmap(start, size, PageSize.SMALL, Vma.Kind.IO);
    }

    /**
     * {@code kfd_mmap} of a doorbell slice ({@code KFD_MMAP_TYPE_DOORBELL}: exactly the process's doorbell slice of a
     * GPU the process has) or the event page ({@code KFD_MMAP_TYPE_EVENTS}: the page's size order); other offsets
     * {@code -EINVAL}.
     */
    static long kfd(MmStruct mm, Collection<KfdProcessDevice> pdds, long start, long size, long offset) {
        long type = offset & MMAP_TYPE_MASK;
        if (type == ProcessQueueManager.MMAP_TYPE_DOORBELL) {
            int gpuId = (int) (offset >>> GPU_ID_SHIFT & 0xFFFF);
            if (pdds.stream().noneMatch(p -> p.gpuId() == gpuId)) return Errno.EINVAL.ret();
            if (size != KfdNode.DOORBELL_PROCESS_SLICE) return Errno.EINVAL.ret();
        } else if (type == KfdEvents.MMAP_TYPE_EVENTS) {
            if (order(size) != order(EVENT_PAGE_BYTES)) return Errno.EINVAL.ret();
        } else {
            return Errno.EINVAL.ret();
        }
        return mm.mmap(start, size, PageSize.SMALL, Vma.Kind.IO);
    }

    /** {@code get_order}: log2 of the pages needed, rounded up. */
    private static int order(long bytes) {
        long pages = Math.max(1, (bytes + 4095) >>> 12);
        return 64 - Long.numberOfLeadingZeros(pages - 1);
    }
}
