package dev.scatterbatch.app;

import dev.scatterbatch.model.cost.ConfigException;
import picocli.CommandLine.Option;

/** {@code --threads}: how many simulations a sweep or calibration runs at once. */
public final class ThreadsOption {

    @Option(names = "--threads", paramLabel = "N", description = "Simulations run at once (default: one per core).")
    Integer threads;

    /** The number asked for, or one per core. */
    int count() {
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (n < 1) throw new ConfigException("--threads must be at least 1, got " + n);
        return n;
    }
}
