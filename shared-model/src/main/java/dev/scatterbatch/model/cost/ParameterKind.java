package dev.scatterbatch.model.cost;

/** The type of a profile parameter's value. */
public enum ParameterKind {
    /** Virtual time, held as {@code Long} nanoseconds, written with a unit. */
    DURATION,
    /** A dimensionless real number, held as {@code Double}. */
    FACTOR,
    /** A whole number, held as {@code Long}. */
    COUNT,
    /** One of a closed set of names, held as the {@link ProfileEnum} constant. */
    CHOICE
}
