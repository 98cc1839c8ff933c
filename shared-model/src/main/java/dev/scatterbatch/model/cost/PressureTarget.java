package dev.scatterbatch.model.cost;

/** Where the {@code --pressure} host memory events land. */
public enum PressureTarget implements ProfileEnum {
    /** Uniformly over the GPU-registered bytes: every event hits a registered range. */
    REGISTERED("registered"),
    /** Uniformly over each BO's span, from its lowest to its highest registered address, gaps between ranges included. */
    SPAN("span"),
    /** Uniformly over the process's whole memory (guest RAM for a VM). */
    GUEST_RAM("guest-ram");

    private final String key;

    PressureTarget(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }
}
