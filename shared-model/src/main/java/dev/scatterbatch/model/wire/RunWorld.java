package dev.scatterbatch.model.wire;

/**
 * Asks a world's hypervisor to run until every guest has finished or nothing is due by {@code limitNs}.
 *
 * @param limitNs virtual time to stop at
 */
public record RunWorld(long limitNs) {
}
