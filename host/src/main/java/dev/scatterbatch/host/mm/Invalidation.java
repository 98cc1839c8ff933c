package dev.scatterbatch.host.mm;

/**
 * The outcome of invalidating a CPU range ({@code mn_itree_invalidate}).
 *
 * @param ret      0, or {@code -EAGAIN} when a notifier refused a non-blockable invalidation
 * @param notified how many notifier callbacks ran
 */
public record Invalidation(int ret, int notified) {
}
