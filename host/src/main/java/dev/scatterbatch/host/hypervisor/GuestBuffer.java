package dev.scatterbatch.host.hypervisor;

import dev.scatterbatch.model.wire.HostIoctl;
import dev.scatterbatch.model.wire.UserptrRequest;


/**
 * What the VMM knows of one guest buffer: its GPU VA, its stitched or native CPU VA, and its handles by slot
 * (range i of a per-range registration, or part i when the guest splits; slot 0 for a single BO), so freeing one
 * part never shifts another's.
 */
final class GuestBuffer {
    final long bytes;
    final BoSlots handles = new BoSlots();
    long gpuVa = -1;
    long cpuVa = -1;
    /** The host VA range the svm scenario registered as the buffer's SVM range (GPU VA = CPU VA), or null. */
    HostIoctl.CpuRange svm;
    long registeredBytes;
    int ranges;

    GuestBuffer(long bytes) {
        this.bytes = bytes;
    }

    /** The slots a request names: one part's slot with the split in the guest, else every slot. */
    int[] slots(int part) {
        if (part == UserptrRequest.WHOLE_BUFFER) return handles.slots();
        return handles.contains(part) ? new int[]{part} : new int[0];
    }
}
