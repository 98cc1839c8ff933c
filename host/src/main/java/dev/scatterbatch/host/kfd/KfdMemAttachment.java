package dev.scatterbatch.host.kfd;

import dev.scatterbatch.host.mm.IntervalTree;

/**
 * {@code struct kfd_mem_attachment}: a BO attached to one device's GPU VM at {@code va} (an AQL queue BO has two,
 * the second right after the first). Mapped attachments occupy their VA range in the VM.
 */
final class KfdMemAttachment {

    final KgdMem mem;
    final KfdProcessDevice pdd;
    final long va;
    boolean isMapped;
    /** Whether the page-table entries point at the BO's current pages (false: a GPU access faults). */
    boolean ptesValid;
    /** {@code bo_va->queue_refcount}: user queues using this mapping as a queue buffer; UNMAP is refused while set. */
    int queueRefcount;
    IntervalTree.Node<KfdMemAttachment> vaNode;

    KfdMemAttachment(KgdMem mem, KfdProcessDevice pdd, long va) {
        this.mem = mem;
        this.pdd = pdd;
        this.va = va;
    }
}
