package dev.scatterbatch.host.kfd;

/** How a userptr BO was registered, which decides its notifiers. */
public enum UserptrAbi {
    /** Mainline single-range userptr: one notifier over the BO. */
    SINGLE("single"),
    /** Batch series v2 ({@code ALLOC_MEMORY_OF_GPU_BATCH}): one notifier per range. */
    BATCH_V2("batch-v2"),
    /** Batch series v3/v4 ({@code USERPTR_BATCH} flag): one notifier over the span plus an interval tree of ranges. */
    BATCH_V4("batch-v4");

    private final String key;

    UserptrAbi(String key) {
        this.key = key;
    }

    /** The name in JSON. */
    public String key() {
        return key;
    }
}
