package dev.scatterbatch.model.wire;

/**
 * One run of contiguous guest-physical memory in a buffer's scatter list: one host VA range after the VMM
 * translates it.
 *
 * @param gpa   guest-physical address of the run's first byte
 * @param bytes length, a multiple of 4 KiB
 */
public record GpaRun(long gpa, long bytes) {
}
