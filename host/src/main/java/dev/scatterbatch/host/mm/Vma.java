package dev.scatterbatch.host.mm;

/**
 * One CPU mapping ({@code vm_area_struct}): anonymous private memory over {@code [start, end)}.
 *
 * @param start   first byte, page aligned
 * @param end     one past the last byte, page aligned
 * @param backing page size backing it
 * @param pgoff   {@code vm_pgoff} in 4 KiB pages: for anonymous memory the page index of the address where the
 *                memory was first mapped; moving a mapping keeps it, so only pieces that were contiguous where
 *                they were created merge again
 * @param kind    what the mapping is: ordinary memory, a {@code PROT_NONE} reservation, or a device mapping
 */
public record Vma(long start, long end, PageSize backing, long pgoff, Kind kind) {

    /** What a mapping maps, as far as page faults and SVM see it. */
    public enum Kind {
        /** Anonymous memory, readable and writable: {@code hmm_range_fault} can fault it. */
        ANONYMOUS,
        /** A {@code PROT_NONE} reservation: a VMA, but no access, so faulting it fails. */
        PROT_NONE,
        /** A device mapping ({@code VM_IO | VM_PFNMAP}, e.g. a BO mmapped through a render node). */
        IO
    }

    /** Ordinary anonymous memory. */
    public Vma(long start, long end, PageSize backing, long pgoff) {
        this(start, end, backing, pgoff, Kind.ANONYMOUS);
    }

    /** Bytes mapped. */
    public long length() {
        return end - start;
    }

    /** Whether {@code next} starts where this ends and the kernel would merge the two into one VMA. */
    boolean mergesWith(Vma next) {
        return end == next.start && backing == next.backing && kind == next.kind && pgoff + (length() >>> 12) == next.pgoff;
    }

    /** The part of this mapping inside {@code [from, to)}, keeping {@code pgoff} consistent. */
    Vma slice(long from, long to) {
        long s = Math.max(start, from);
        long e = Math.min(end, to);
        return new Vma(s, e, backing, pgoff + ((s - start) >>> 12), kind);
    }
}
