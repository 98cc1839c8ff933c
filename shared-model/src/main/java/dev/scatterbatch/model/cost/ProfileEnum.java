package dev.scatterbatch.model.cost;

/** An enumerated profile parameter value, written in profiles by its {@link #key()}. */
public interface ProfileEnum {
    /** The name used in YAML, {@code --set} and JSON. */
    String key();
}
