/**
 * JMH benchmarks of the simulator's hot paths (the KFD ALLOC/MAP path, the event queue, the interval tree, the cost
 * ledger, a whole per-range iteration). Speed lives here and in {@code bench --perf}, never in unit tests.
 */
package dev.scatterbatch.perf;
