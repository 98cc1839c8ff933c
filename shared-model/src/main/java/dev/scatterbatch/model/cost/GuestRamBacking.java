package dev.scatterbatch.model.cost;

/** How the VMM backs guest RAM, which decides what {@code mremap(MREMAP_DONTUNMAP)} leaves behind. */
public enum GuestRamBacking implements ProfileEnum {
    /** A shared memfd (QEMU {@code memory-backend-memfd}): the old range keeps the page-cache pages, so the guest keeps its RAM. */
    MEMFD("memfd"),
    /** Private anonymous memory: {@code MREMAP_DONTUNMAP} moves the pages and leaves the old range empty. */
    PRIVATE("private");

    private final String key;

    GuestRamBacking(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }
}
