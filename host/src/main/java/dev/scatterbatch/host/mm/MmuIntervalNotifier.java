package dev.scatterbatch.host.mm;

/**
 * {@code struct mmu_interval_notifier}: a driver's subscription to invalidations of {@code [start, start+length)}
 * in one mm. Its {@link Ops#invalidate} is called once for each invalidation that intersects the interval.
 */
public final class MmuIntervalNotifier {

    /** {@code struct mmu_interval_notifier_ops}. */
    @FunctionalInterface
    public interface Ops {
        /**
         * Called for an invalidation intersecting the notifier's interval. Returning false refuses a non-blockable
         * invalidation (the invalidation then stops with {@code -EAGAIN}).
         */
        boolean invalidate(MmuIntervalNotifier notifier, MmuNotifierRange range);
    }

    private final long start;
    private final long length;
    private final Ops ops;
    IntervalTree.Node<MmuIntervalNotifier> node;

    /** A notifier over {@code [start, start + length)}, not yet inserted. */
    public MmuIntervalNotifier(long start, long length, Ops ops) {
        this.start = start;
        this.length = length;
        this.ops = ops;
    }

    /** First byte watched. */
    public long start() {
        return start;
    }

    /** Bytes watched. */
    public long length() {
        return length;
    }

    /** Whether the notifier is inserted in an mm. */
    public boolean isRegistered() {
        return node != null;
    }

    Ops ops() {
        return ops;
    }
}
