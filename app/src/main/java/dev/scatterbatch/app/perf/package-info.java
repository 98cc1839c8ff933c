/** The CLI's own performance benchmarks ({@code bench --perf}): speed and memory targets, measured, never asserted in unit tests. */
package dev.scatterbatch.app.perf;
