package dev.scatterbatch.host.mm;

/**
 * {@code struct mmu_notifier_range}: the CPU range a memory event invalidates.
 *
 * @param start     first byte
 * @param end       one past the last byte
 * @param blockable whether callbacks may sleep ({@code mmu_notifier_range_blockable}); reclaim paths such as the
 *                  OOM reaper invalidate without blocking
 * @param event     why the range is invalidated
 */
public record MmuNotifierRange(long start, long end, boolean blockable, MmuNotifierEvent event) {
}
