/**
 * Guest-physical memory: the guest kernel's page allocator, whose fragmentation decides how many
 * guest-physically contiguous runs (and so how many host VA ranges) back one guest buffer.
 */
package dev.scatterbatch.guest.memory;
