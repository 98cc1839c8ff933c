package dev.scatterbatch.host.kfd;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code struct queue} of a user-mode queue: its id, device, doorbell and properties ({@code queue_properties}), and
 * the GPU mappings it holds a {@code queue_refcount} on ({@code wptr_bo}, {@code rptr_bo}, {@code ring_bo},
 * {@code eop_buf_bo}, {@code cwsr_bo}).
 */
final class KfdQueue {

    final int queueId;
    final KfdProcessDevice pdd;
    final int queueType;
    final int doorbellId;
    long ringBaseAddress;
    long ringSize;
    int percentage;
    int priority;
    /** The ring's mapping (moved by UPDATE_QUEUE), or null without buffer references. */
    KfdMemAttachment ringBo;
    /** The other referenced mappings, in the order they were taken. */
    final List<KfdMemAttachment> bufferBos = new ArrayList<>();

    KfdQueue(int queueId, KfdProcessDevice pdd, int queueType, int doorbellId) {
        this.queueId = queueId;
        this.pdd = pdd;
        this.queueType = queueType;
        this.doorbellId = doorbellId;
    }

    /** {@code kfd_queue_unref_bo_vas} and {@code kfd_queue_release_buffers}: drops every reference. */
    void releaseBuffers() {
        if (ringBo != null) ringBo.queueRefcount--;
        ringBo = null;
        for (KfdMemAttachment a : bufferBos) a.queueRefcount--;
        bufferBos.clear();
    }
}
