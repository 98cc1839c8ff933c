package dev.scatterbatch.bus;

/**
 * The codes a model peer fails a bus message with: the positive errno the kernel would give where the model gives one
 * ({@code Errno.number()}), else {@link #MODEL_FAULT}.
 */
public final class FailureCodes {

    /** An exception that is no kernel answer (a bug in the model): no errno is negative. */
    public static final int MODEL_FAULT = -1;

    private FailureCodes() {
    }
}
