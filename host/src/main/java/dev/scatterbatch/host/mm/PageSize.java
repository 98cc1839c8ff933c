package dev.scatterbatch.host.mm;

/** The page size backing a CPU mapping: per-page driver work counts in 4 KiB units either way. */
public enum PageSize {
    /** Ordinary 4 KiB pages. */
    SMALL(4096),
    /** 2 MiB pages (transparent huge pages): cheaper per 4 KiB unit ({@code hugePageFactor}). */
    HUGE(2L << 20);

    private final long bytes;

    PageSize(long bytes) {
        this.bytes = bytes;
    }

    /** The page size in bytes. */
    public long bytes() {
        return bytes;
    }

    /** The backing of this many bytes per page. */
    public static PageSize ofBytes(long bytes) {
        for (PageSize p : values()) if (p.bytes == bytes) return p;
        throw new IllegalArgumentException("a mapping is backed by 4KiB or 2MiB pages, not " + bytes + " bytes");
    }
}
