package dev.scatterbatch.host.mm;

/**
 * How many 4 KiB pages of a CPU range are backed by small and by huge pages.
 *
 * @param small 4 KiB pages in mappings backed by 4 KiB pages
 * @param huge  4 KiB pages in mappings backed by 2 MiB pages
 */
public record PageCounts(long small, long huge) {

    /** No pages. */
    public static final PageCounts NONE = new PageCounts(0, 0);

    /** All 4 KiB pages. */
    public long total() {
        return small + huge;
    }

    /** Per-page work in ns: {@code perPageNs} per small page, times {@code hugePageFactor} per huge-backed page. */
    public long costNs(long perPageNs, double hugePageFactor) {
        return costNs(small, huge, perPageNs, hugePageFactor);
    }

    /** {@link #costNs(long, double)} of {@code small} and {@code huge} pages kept without a record. */
    public static long costNs(long small, long huge, long perPageNs, double hugePageFactor) {
        return Math.round(perPageNs * (small + huge * hugePageFactor));
    }
}
