package dev.scatterbatch.model.cost;

/** What the restore worker re-faults in a userptr BO that was invalidated. */
public enum RestoreGranularity implements ProfileEnum {
    /** Only the ranges an invalidation hit (per-range validity, as v3/v4 track it). */
    PER_RANGE("per-range"),
    /** Every range of the BO (the whole batch is refetched). */
    WHOLE_BO("whole-bo");

    private final String key;

    RestoreGranularity(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }
}
