package dev.scatterbatch.host.mm;

/**
 * {@code struct mmu_interval_notifier}: a driver's subscription to invalidations of {@code [start, start+length)}
 * in one mm. Its {@link Ops#invalidate} is called once for each invalidation that intersects the interval, and
 * must record the mm's invalidation sequence ({@link #setSeq}); a reader that took {@link #readBegin} before
 * faulting pages learns from {@link #readRetry} whether an invalidation came in between
 * ({@code include/linux/mmu_notifier.h}). As the kernel's struct embeds its {@code interval_tree_node}, the notifier is
 * its own node in the mm's {@link IntervalTree}; and as a driver embeds the notifier in its own struct (amdgpu's
 * userptr range info), a subclass may be the notifier and answer {@link #invalidate} itself.
 */
public class MmuIntervalNotifier extends IntervalTree.Node<MmuIntervalNotifier> {

    /** {@code struct mmu_interval_notifier_ops}. */
    @FunctionalInterface
    public interface Ops {
        /**
         * Called for an invalidation intersecting the notifier's interval. Returning false refuses a non-blockable
         * invalidation (the invalidation then stops with {@code -EAGAIN}).
         */
        boolean invalidate(MmuIntervalNotifier notifier, MmuNotifierRange range);
    }

    private final Ops ops;
    /** {@code invalidate_seq}: the mm's sequence at the last invalidation that reached this notifier. */
    private long invalidateSeq;

    /** A notifier over {@code [start, start + length)}, not yet inserted. */
    public MmuIntervalNotifier(long start, long length, Ops ops) {
        // an empty or wrapping interval is refused when it is inserted (-EOVERFLOW), before it reaches the tree
        super(start, start + length - 1);
        this.ops = ops;
    }

    /** A notifier over {@code [start, start + length)} that overrides {@link #invalidate}, not yet inserted. */
    protected MmuIntervalNotifier(long start, long length) {
        super(start, start + length - 1);
        this.ops = null;
    }

    /** Bytes watched. */
    public long length() {
        // modulo 2^64, as the interval's last byte was made: a length of 0 or one that wraps comes back unchanged
        return last() - start() + 1;
    }

    /** Whether the notifier is inserted in an mm. */
    public boolean isRegistered() {
        return inTree();
    }

    /**
     * Called for an invalidation intersecting the interval, while the mm's sequence is {@code curSeq} (the kernel
     * passes it as the callback's {@code cur_seq}): the {@link Ops} given at construction, unless a subclass answers.
     * Returning false refuses a non-blockable invalidation.
     */
    protected boolean invalidate(MmuNotifierRange range, long curSeq) {
        return ops.invalidate(this, range);
    }

    /**
     * {@code mmu_interval_read_begin}: the sequence a reader compares against after faulting. (Invalidations are
     * instantaneous in the model, so the kernel's wait for an invalidation in progress never happens.)
     */
    public long readBegin() {
        return invalidateSeq;
    }

    /** {@code mmu_interval_read_retry}: whether an invalidation reached the notifier since {@code seq} was read. */
    public boolean readRetry(long seq) {
        return invalidateSeq != seq;
    }

    /** {@code mmu_interval_set_seq}: the callback's record of the invalidation in progress ({@code curSeq}). */
    public void setSeq(long curSeq) {
        invalidateSeq = curSeq;
    }
}
