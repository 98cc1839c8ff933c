package dev.scatterbatch.model.cost;

/** What the restore worker re-faults in a userptr BO that was invalidated. */
public enum RestoreGranularity implements ProfileEnum {
    /** Only the ranges an invalidation hit (per-range validity, as v3/v4 track it). */
    PER_RANGE("per-range"),
    /** Every range of the BO (the whole batch is refetched). */
    WHOLE_BO("whole-bo"),
    /**
     * As each ABI does: a single-range BO and a v2 batch re-fault every range ({@code amdgpu_ttm_tt_discard_user_pages}
     * drops the BO's whole page array, so a working v2 must fetch it all again; the posted v2 refetches only the
     * invalid ranges and leaves holes), v4 only the ranges marked invalid (it keeps an {@code hmm_range} per range).
     */
    BY_ABI("abi");

    private final String key;

    RestoreGranularity(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }
}
