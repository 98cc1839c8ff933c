package dev.scatterbatch.host.kfd;

import dev.scatterbatch.host.mm.MmStruct;
import dev.scatterbatch.host.mm.IntervalTree;
import dev.scatterbatch.model.uapi.Errno;
import dev.scatterbatch.model.uapi.KfdIoctlStruct;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code struct process_queue_manager} with the queue ioctls of {@code kfd_chardev.c}: CREATE_QUEUE, DESTROY_QUEUE
 * and UPDATE_QUEUE with their checks in the kernel's order ({@code kfd_ioctl_create_queue},
 * {@code set_queue_properties_from_user}, {@code pqm_create_queue}), and the queue buffer references of
 * {@code kfd_queue.c} ({@code kfd_queue_acquire_buffers}, {@code kfd_queue_buffer_get}) that make UNMAP of a
 * queue's buffers fail with {@code -EBUSY} until the queue is destroyed.
 */
final class ProcessQueueManager {

    static final int QUEUE_TYPE_COMPUTE = 0;
    static final int QUEUE_TYPE_SDMA = 1;
    static final int QUEUE_TYPE_COMPUTE_AQL = 2;
    static final int QUEUE_TYPE_SDMA_XGMI = 3;
    static final int QUEUE_TYPE_SDMA_BY_ENG_ID = 4;
    /** {@code KFD_MAX_NUM_OF_QUEUES_PER_PROCESS}: the per-process queue id bitmap. */
    static final int MAX_QUEUE_IDS = 1024;
    /** {@code max_queues}: queues per device per process ({@code qpd.queue_count} limit). */
    static final int MAX_QUEUES_PER_DEVICE = 127;
    /** {@code KFD_MIN_QUEUE_RING_SIZE}. */
    static final long MIN_QUEUE_RING_SIZE = 1024;
    /** SDMA engines of the modelled GPUs (SDMA_BY_ENG_ID's {@code sdma_engine_id} bound). */
    static final int SDMA_ENGINES = 2;
    /** {@code KFD_MMAP_TYPE_DOORBELL}. */
    static final long MMAP_TYPE_DOORBELL = 3L << 62;
    private static final int GPU_ID_SHIFT = 46;
    private static final long PAGE = 4096;

    private final KernelVersion kernel;
    private final SvmRangeList svms;
    private final TreeMap<Integer, KfdQueue> queues = new TreeMap<>();
    private final BitSet queueSlots = new BitSet(MAX_QUEUE_IDS);
    private final Map<KfdProcessDevice, BitSet> doorbells = new HashMap<>();

    ProcessQueueManager(KernelVersion kernel, SvmRangeList svms) {
        this.kernel = kernel;
        this.svms = svms;
    }

    /** Whether the process has any queue (SET_XNACK_MODE and RUNTIME_ENABLE refuse to change then). */
    boolean hasQueues() {
        return !queues.isEmpty();
    }

    /** {@code kfd_ioctl_create_queue}: 0 with {@code queue_id} and {@code doorbell_offset} written, or {@code -errno}. */
    int create(KfdIoctlStruct a, KfdProcessDevice pdd) {
        int ret = checkProperties(a);
        if (ret != 0) return ret;
        long ringSize = a.get("ring_size");
        if (!accessOk(a.get("read_pointer_address"), 4)) return Errno.EFAULT.ret();
        if (!accessOk(a.get("write_pointer_address"), 4)) return Errno.EFAULT.ret();
        long eop = a.get("eop_buffer_address");
        if (eop != 0 && !accessOk(eop, 4)) return Errno.EFAULT.ret();
        long ctx = a.get("ctx_save_restore_address");
        if (ctx != 0 && !accessOk(ctx, 4)) return Errno.EFAULT.ret();
        int type = a.getInt("queue_type");
        if (type < 0 || type > QUEUE_TYPE_SDMA_BY_ENG_ID) return Errno.ENOTSUPP.ret();
        if (pdd == null) return Errno.EINVAL.ret();
        if (!pdd.vmAcquired) return Errno.ESRCH.ret();
        if (type == QUEUE_TYPE_SDMA_BY_ENG_ID && a.get("sdma_engine_id") > SDMA_ENGINES - 1) return Errno.EINVAL.ret();
        List<KfdMemAttachment> refs = new ArrayList<>();
        if (kernel.queueBufferReferences()) {
            ret = acquireBuffers(a, pdd, ringSize, type, refs);
            if (ret != 0) {
                for (KfdMemAttachment r : refs) r.queueRefcount--;
                return ret;
            }
        }
        long onDevice = queues.values().stream().filter(q -> q.pdd == pdd).count();
        int queueId = queueSlots.nextClearBit(0);
        ret = onDevice >= MAX_QUEUES_PER_DEVICE ? Errno.ENOSPC.ret() : queueId >= MAX_QUEUE_IDS ? Errno.ENOMEM.ret() : 0;
        if (ret != 0) {
            for (KfdMemAttachment r : refs) r.queueRefcount--;
            return ret;
        }
        BitSet bells = doorbells.computeIfAbsent(pdd, d -> new BitSet());
        int doorbell = bells.nextClearBit(0);
        bells.set(doorbell);
        queueSlots.set(queueId);
        KfdQueue q = new KfdQueue(queueId, pdd, type, doorbell);
        q.ringBaseAddress = a.get("ring_base_address");
        q.ringSize = ringSize;
        q.percentage = a.getInt("queue_percentage");
        q.priority = a.getInt("queue_priority");
        if (!refs.isEmpty()) {
            q.ringBo = refs.get(2);
            q.bufferBos.addAll(refs.subList(0, 2));
            q.bufferBos.addAll(refs.subList(3, refs.size()));
        }
        queues.put(queueId, q);
        a.set("queue_id", queueId);
        // 8-byte doorbells in the process's doorbell slice of the device's doorbell BAR
        a.set("doorbell_offset", MMAP_TYPE_DOORBELL | (pdd.gpuId() & 0xFFFFL) << GPU_ID_SHIFT | doorbell * 8L);
        return 0;
    }

    /** {@code pqm_destroy_queue}: {@code -EINVAL} for an unknown id; drops the queue's buffer references. */
    int destroy(KfdIoctlStruct a) {
        KfdQueue q = queues.remove(a.getInt("queue_id"));
        if (q == null) return Errno.EINVAL.ret();
        q.releaseBuffers();
        queueSlots.clear(q.queueId);
        doorbells.get(q.pdd).clear(q.doorbellId);
        return 0;
    }

    /**
     * {@code kfd_ioctl_update_queue}: the property checks of CREATE, {@code -EFAULT} for an unknown id or a new ring
     * that is not exactly one mapping of its size; the ring reference moves to the new ring.
     */
    int update(KfdIoctlStruct a) {
        int ret = checkProperties(a);
        if (ret != 0) return ret;
        KfdQueue q = queues.get(a.getInt("queue_id"));
        if (q == null) return Errno.EFAULT.ret();
        long ring = a.get("ring_base_address");
        long size = a.get("ring_size");
        if (kernel.queueBufferReferences() && ring != 0 && size != 0) {
            KfdMemAttachment bo = bufferGet(q.pdd, ring, size);
            if (bo == null) return Errno.EFAULT.ret();
            bo.queueRefcount++;
            if (q.ringBo != null) q.ringBo.queueRefcount--;
            q.ringBo = bo;
        }
        q.ringBaseAddress = ring;
        q.ringSize = size;
        q.percentage = a.getInt("queue_percentage");
        q.priority = a.getInt("queue_priority");
        return 0;
    }

    /**
     * {@code set_queue_properties_from_user}'s first checks, shared by CREATE and UPDATE: percentage, priority, ring
     * pointer, ring size a power of 2, and (mainline) a ring under {@code KFD_MIN_QUEUE_RING_SIZE} clamped up,
     * written back into {@code a}.
     */
    private int checkProperties(KfdIoctlStruct a) {
        if ((a.get("queue_percentage") & 0xFF) > 100) return Errno.EINVAL.ret();
        if (a.get("queue_priority") > 15) return Errno.EINVAL.ret();
        long ring = a.get("ring_base_address");
        if (ring != 0 && !accessOk(ring, 8)) return Errno.EFAULT.ret();
        long size = a.get("ring_size");
        if (size != 0 && Long.bitCount(size) != 1) return Errno.EINVAL.ret();
        if (kernel.clampsRingSize() && size < MIN_QUEUE_RING_SIZE) a.set("ring_size", MIN_QUEUE_RING_SIZE);
        return 0;
    }

    /** {@code kfd_queue_acquire_buffers}: wptr, rptr, ring, then for compute queues EOP and the save area. */
    private int acquireBuffers(KfdIoctlStruct a, KfdProcessDevice pdd, long ringSize, int type, List<KfdMemAttachment> refs) {
        if (!take(refs, bufferGet(pdd, a.get("write_pointer_address"), PAGE))) return Errno.EINVAL.ret();
        if (!take(refs, bufferGet(pdd, a.get("read_pointer_address"), PAGE))) return Errno.EINVAL.ret();
        if (!take(refs, bufferGet(pdd, a.get("ring_base_address"), ringSize))) return Errno.EINVAL.ret();
        if (type != QUEUE_TYPE_COMPUTE && type != QUEUE_TYPE_COMPUTE_AQL) return 0;
        KfdNodeProperties node = pdd.properties;
        long eop = a.get("eop_buffer_address");
        if (eop != 0) {
            long eopSize = a.get("eop_buffer_size");
            boolean sizeBad = kernel.relaxedQueueBufferSizes() ? eopSize < node.eopBufferSize() : eopSize != node.eopBufferSize();
            if (sizeBad) return Errno.EINVAL.ret();
            long expected = kernel.relaxedQueueBufferSizes() ? alignPage(eopSize) : eopSize;
            if (!take(refs, bufferGet(pdd, eop, expected))) return Errno.EINVAL.ret();
        }
        if (a.get("ctl_stack_size") != node.ctlStackSize()) return Errno.EINVAL.ret();
        long cwsr = a.get("ctx_save_restore_size");
        boolean cwsrBad = kernel.relaxedQueueBufferSizes() ? cwsr < node.cwsrSize() : cwsr != node.cwsrSize();
        if (cwsrBad) return Errno.EINVAL.ret();
        long saveArea = kernel.relaxedQueueBufferSizes() ? cwsr : node.cwsrSize();
        long total = alignPage(saveArea + node.debugMemorySize());
        long ctx = a.get("ctx_save_restore_address");
        if (take(refs, bufferGet(pdd, ctx, total))) return 0;
        // kfd_queue_buffer_svm_get: SVM ranges registered over the whole area (their attributes are not modelled)
        return ctx != 0 && svms.covers(ctx >>> 12, (ctx + total - 1) >>> 12) ? 0 : Errno.EINVAL.ret();
    }

    private static boolean take(List<KfdMemAttachment> refs, KfdMemAttachment bo) {
        if (bo == null) return false;
        bo.queueRefcount++;
        refs.add(bo);
        return true;
    }

    /**
     * {@code kfd_queue_buffer_get}: the mapping of the device's VM at {@code addr}'s page, which must start there and,
     * when {@code expected} is at least a page, span exactly {@code expected >> 12} pages; null otherwise.
     */
    private static KfdMemAttachment bufferGet(KfdProcessDevice pdd, long addr, long expected) {
        long page = addr >>> 12;
        List<IntervalTree.Node<KfdMemAttachment>> hit = pdd.vm.mappings().overlapping(page, page);
        if (hit.isEmpty()) return null;
        IntervalTree.Node<KfdMemAttachment> m = hit.getFirst();
        if (m.start() != page) return null;
        long pages = expected >>> 12;
        if (pages != 0 && page + pages - 1 != m.last()) return null;
        return m.value();
    }

    /** {@code access_ok}: the range lies in the user address space. */
    private static boolean accessOk(long addr, long size) {
        long end = addr + size;
        return Long.compareUnsigned(end, addr) >= 0 && Long.compareUnsigned(end, MmStruct.TASK_SIZE) <= 0;
    }

    private static long alignPage(long v) {
        return (v + PAGE - 1) & -PAGE;
    }
}
