/**
 * Virtual time: a {@code long} nanosecond clock, an event queue with deterministic tie-breaking and
 * seeded, named random streams. Nothing here sleeps; every cost is a step of the virtual clock.
 */
package dev.scatterbatch.model.sim;
