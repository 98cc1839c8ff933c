package dev.scatterbatch.model.cost;

/** Where per-range registration is split into one ALLOC + MAP per range. */
public enum SplitLocation implements ProfileEnum {
    /** The guest forwards the buffer once; the VMM issues one host ALLOC + MAP per range. */
    HOST_VMM("host-vmm"),
    /** The guest forwards one ALLOC + one MAP per range itself, each a full round trip. */
    GUEST("guest");

    private final String key;

    SplitLocation(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }
}
