package dev.scatterbatch.model.wire;

/**
 * Where a world's run stands.
 *
 * @param nowNs       virtual time of the last event
 * @param allFinished whether every guest has finished
 */
public record WorldProgress(long nowNs, boolean allFinished) {
}
