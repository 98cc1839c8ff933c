/**
 * Host memory pressure: swap-out, migration, THP splits, KSM merges and VMM munmaps that hit guest memory
 * registered with the GPU and invalidate its MMU notifiers, at rates per simulated second.
 */
package dev.scatterbatch.host.pressure;
