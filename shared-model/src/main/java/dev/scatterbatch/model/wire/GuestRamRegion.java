package dev.scatterbatch.model.wire;

/**
 * A region of guest-physical memory as the VMM backs it: mapped into the VMM's address space at
 * {@code hostBase + gpa}, with 4 KiB or 2 MiB host pages.
 *
 * @param gpa        guest-physical start
 * @param bytes      length
 * @param hugeBacked whether the host backs it with 2 MiB pages
 */
public record GuestRamRegion(long gpa, long bytes, boolean hugeBacked) {
}
