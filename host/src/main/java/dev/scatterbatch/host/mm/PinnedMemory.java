package dev.scatterbatch.host.mm;

import dev.scatterbatch.model.uapi.Errno;

/**
 * Host RAM as {@code pin_user_pages} sees it: pinned pages are counted host-wide (a count, never one object per
 * page), and they must stay resident. With other demand on the host so that all demand is {@code oversubscribe}
 * times its RAM, reclaim has to keep {@code (oversubscribe - 1) x RAM} out of RAM at any moment; pinned pages cannot
 * be part of it, so pinning works only while the pinned total fits in what the other demand leaves:
 * {@code RAM - max(0, oversubscribe x RAM - guest RAM)}. Past that, the fault {@code pin_user_pages_fast} takes to
 * make a page present cannot get memory and the pin fails with {@code -ENOMEM}.
 */
public final class PinnedMemory {

    private final long hostRamBytes;
    private long guestRamBytes;
    private long pinnedPages;

    /** The pinnable memory of a host with {@code hostRamBytes} of RAM. */
    public PinnedMemory(long hostRamBytes) {
        this.hostRamBytes = hostRamBytes;
    }

    /** A VM's guest RAM joins the demand on the host. */
    public void addGuestRam(long bytes) {
        guestRamBytes += bytes;
    }

    /** Pins {@code pages} more under {@code oversubscribe}: 0, or {@code -ENOMEM} with nothing pinned. */
    public int pin(long pages, double oversubscribe) {
        long other = Math.max(0, (long) (oversubscribe * hostRamBytes) - guestRamBytes);
        long capacity = Math.max(0, hostRamBytes - other) >>> 12;
        if (pinnedPages + pages > capacity) return Errno.ENOMEM.ret();
        pinnedPages += pages;
        return 0;
    }

    /** {@code unpin_user_pages} of {@code pages}. */
    public void unpin(long pages) {
        if (pages > pinnedPages) throw new IllegalStateException("unpinning " + pages + " pages, " + pinnedPages + " pinned");
        pinnedPages -= pages;
    }

    /** Pages pinned host-wide. */
    public long pinnedPages() {
        return pinnedPages;
    }
}
