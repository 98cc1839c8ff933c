package dev.scatterbatch.model.cost;

/** Whether releasing a buffer (UNMAP + FREE) holds up the guest. */
public enum TeardownMode implements ProfileEnum {
    /**
     * The guest posts its unmap and free requests and goes on; the host does the work off the benchmark's
     * critical path (as the seed calibration of docs/model.md §9.1 assumes: it counts registration only).
     */
    DEFERRED("deferred"),
    /** Unmap and free are round trips the guest waits for, charged like registration. */
    SYNCHRONOUS("synchronous");

    private final String key;

    TeardownMode(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }
}
