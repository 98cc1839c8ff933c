package dev.scatterbatch.model.cost;

/** What pages pinned for the GPU (svm-pinned) are charged to, besides KFD's system-memory limit. */
public enum PinAccounting implements ProfileEnum {
    /** Nothing: the posted series v1 pins without {@code FOLL_LONGTERM} and without {@code RLIMIT_MEMLOCK} accounting. */
    NONE("none"),
    /** {@code mm->pinned_vm} against {@code RLIMIT_MEMLOCK} ({@code memlockLimit}), -ENOMEM past it. */
    MEMLOCK("memlock");

    private final String key;

    PinAccounting(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }
}
