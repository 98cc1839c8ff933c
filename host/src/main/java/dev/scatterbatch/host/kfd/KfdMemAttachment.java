package dev.scatterbatch.host.kfd;

import dev.scatterbatch.host.mm.IntervalTree;

/**
 * {@code struct kfd_mem_attachment}: a BO attached to one device's GPU VM at {@code va} (an AQL queue BO has two,
 * the second right after the first). Mapped attachments occupy their VA range in the VM: the attachment is its own
 * node in the VM's interval tree of GPU pages {@code [va >> 12, (va + size - 1) >> 12]} (as {@code amdgpu_bo_va_mapping}
 * embeds its {@code rb} node).
 */
final class KfdMemAttachment extends IntervalTree.Node<KfdMemAttachment> {

    final KgdMem mem;
    final KfdProcessDevice pdd;
    final long va;
    boolean isMapped;
    /** Whether the page-table entries point at the BO's current pages (false: a GPU access faults). */
    boolean ptesValid;
    /** {@code bo_va->queue_refcount}: user queues using this mapping as a queue buffer; UNMAP is refused while set. */
    int queueRefcount;
    /** The BO's next attachment ({@code list_head} in {@code mem->attachments}). */
    KfdMemAttachment next;

    /** The attachment of {@code mem}'s {@code boSize} bytes at {@code va} in {@code pdd}'s VM, not mapped yet. */
    KfdMemAttachment(KgdMem mem, KfdProcessDevice pdd, long va) {
        // a VA range the VM refuses (unaligned, empty, wrapping) never reaches its tree
        super(va >>> 12, (va + mem.boSize - 1) >>> 12);
        this.mem = mem;
        this.pdd = pdd;
        this.va = va;
    }
}
