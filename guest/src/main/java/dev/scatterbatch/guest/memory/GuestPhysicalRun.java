package dev.scatterbatch.guest.memory;

import dev.scatterbatch.model.config.ByteSizes;

/**
 * Guest-physically contiguous pages {@code [gpa, gpa + bytes)}. The VMM maps guest RAM linearly into its own
 * address space, so one run is one host VA range.
 *
 * @param gpa   guest-physical address of the first byte, 4 KiB aligned
 * @param bytes length, a positive whole number of 4 KiB pages
 */
public record GuestPhysicalRun(long gpa, long bytes) {

    /** Checks alignment and size. */
    public GuestPhysicalRun {
        if (gpa < 0 || gpa % ByteSizes.PAGE != 0) {
            throw new IllegalArgumentException("guest-physical address 0x" + Long.toHexString(gpa) + " is not 4 KiB aligned");
        }
        if (bytes <= 0 || bytes % ByteSizes.PAGE != 0) {
            throw new IllegalArgumentException("run length " + bytes + " is not a positive whole number of 4 KiB pages");
        }
        if (gpa + bytes < gpa) throw new IllegalArgumentException("run at 0x" + Long.toHexString(gpa) + " overflows");
    }

    /** The first address after the run. */
    public long end() {
        return gpa + bytes;
    }

    /** Length in 4 KiB pages. */
    public long pages() {
        return bytes / ByteSizes.PAGE;
    }

    /** Whether the two runs share at least one byte. */
    public boolean overlaps(GuestPhysicalRun other) {
        return gpa < other.end() && other.gpa < end();
    }

    @Override
    public String toString() {
        return "[0x" + Long.toHexString(gpa) + ", +" + ByteSizes.format(bytes) + ")";
    }
}
