package dev.scatterbatch.app.run;

import java.util.List;

/**
 * Runs independent worlds and returns what each reported, in the order given: on this machine's cores, or handed
 * out to the workers of a cluster. Each world is deterministic, so where and in which order they run changes nothing.
 */
@FunctionalInterface
public interface WorldRunner {

    /** The statistics of every world of {@code specs}, in order (a world that stops early reports its error in them). */
    List<RunStatistics> runAll(List<WorldSpec> specs);
}
