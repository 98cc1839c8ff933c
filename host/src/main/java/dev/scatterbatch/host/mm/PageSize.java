package dev.scatterbatch.host.mm;

/** The page size backing a CPU mapping: per-page driver work counts in 4 KiB units either way. */
public enum PageSize {
    /** Ordinary 4 KiB pages. */
    SMALL(4096, "4KiB"),
    /** 2 MiB pages (transparent huge pages): cheaper per 4 KiB unit ({@code hugePageFactor}). */
    HUGE(2L << 20, "2MiB");

    private final long bytes;
    private final String label;

    PageSize(long bytes, String label) {
        this.bytes = bytes;
        this.label = label;
    }

    /** The page size in bytes. */
    public long bytes() {
        return bytes;
    }

    /** As written in traces: {@code 4KiB} or {@code 2MiB}. */
    public String label() {
        return label;
    }

    /** The backing of this many bytes per page. */
    public static PageSize ofBytes(long bytes) {
        for (PageSize p : values()) if (p.bytes == bytes) return p;
        throw new IllegalArgumentException("a mapping is backed by 4KiB or 2MiB pages, not " + bytes + " bytes");
    }
}
