/**
 * The host process's memory map as the kernel keeps it ({@code mm_struct}): CPU mappings as extents with a backing
 * page size, {@code mmap}/{@code munmap}/{@code mremap} with the kernel's checks and {@code vm.max_map_count}, and
 * the {@code mmu_interval_notifier}s in an interval tree that every memory event over a range invalidates.
 */
package dev.scatterbatch.host.mm;
