package dev.scatterbatch.model.cost;

import java.util.List;

/**
 * Bad configuration: a profile, workload, option or request body that names something unknown or gives a
 * value of the wrong type or out of range. Carries every problem found, each a sentence naming the field.
 */
public final class ConfigException extends RuntimeException {

    private final List<String> problems;

    /** One problem. */
    public ConfigException(String problem) {
        this(List.of(problem));
    }

    /** Several problems, reported together so a user fixes them in one go. */
    public ConfigException(List<String> problems) {
        super(String.join("; ", problems));
        if (problems.isEmpty()) throw new IllegalArgumentException("a ConfigException needs a problem");
        this.problems = List.copyOf(problems);
    }

    /** Each problem as its own sentence. */
    public List<String> problems() {
        return problems;
    }
}
