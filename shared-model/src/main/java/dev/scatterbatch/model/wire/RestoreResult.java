package dev.scatterbatch.model.wire;

import dev.scatterbatch.model.uapi.Errno;

import java.util.Objects;

/**
 * How one run of KFD's userptr restore worker ended: its outcome and, where the run hit one, the kernel's error
 * ({@code -EFAULT} for {@link RestoreOutcome#FAULT}, the re-fault's error for {@link RestoreOutcome#RETRY}).
 *
 * @param outcome how it ended
 * @param errno   the error it hit, or null for the outcomes without one
 */
public record RestoreResult(RestoreOutcome outcome, Errno errno) {

    /** Every evicted BO restored. */
    public static final RestoreResult SUCCESS = new RestoreResult(RestoreOutcome.SUCCESS, null);
    /** Restored, with a BO whose pages faulted left invalid. */
    public static final RestoreResult FAULT = new RestoreResult(RestoreOutcome.FAULT, Errno.EFAULT);
    /** New invalidations arrived during the run. */
    public static final RestoreResult RACED = new RestoreResult(RestoreOutcome.RACED, null);
    /** A notifier's sequence moved during the run. */
    public static final RestoreResult STALE = new RestoreResult(RestoreOutcome.STALE, null);

    /**
     * @throws IllegalArgumentException unless {@code errno} is what {@code outcome} carries: {@code EFAULT} for
     *                                  {@code FAULT}, an error other than {@code EFAULT} for {@code RETRY}, none else
     */
    public RestoreResult {
        Objects.requireNonNull(outcome, "outcome");
        boolean fits = switch (outcome) {
            case FAULT -> errno == Errno.EFAULT;
            case RETRY -> errno != null && errno != Errno.EFAULT;
            case SUCCESS, RACED, STALE -> errno == null;
        };
        if (!fits) throw new IllegalArgumentException("a restore ending in " + outcome.key() + " cannot carry errno " + errno);
    }

    /** Re-faulting failed with {@code errno}; the worker runs again. */
    public static RestoreResult retry(Errno errno) {
        return new RestoreResult(RestoreOutcome.RETRY, errno);
    }
}
