package dev.scatterbatch.model.wire;

/**
 * Tells a guest to begin: it answers with its first request.
 *
 * @param guestId the guest's index
 */
public record GuestStart(int guestId) {
}
