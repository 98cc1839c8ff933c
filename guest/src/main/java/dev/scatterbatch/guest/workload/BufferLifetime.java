package dev.scatterbatch.guest.workload;

/** How long a buffer stays registered with the GPU. */
public enum BufferLifetime {
    /** Registered, mapped, unmapped and freed in every iteration (activations, staging buffers). */
    ITERATION("iteration"),
    /** Registered and mapped once before the first iteration, freed after the last (model weights). */
    RUN("run");

    private final String label;

    BufferLifetime(String label) {
        this.label = label;
    }

    /** The name in workload files. */
    public String label() {
        return label;
    }
}
