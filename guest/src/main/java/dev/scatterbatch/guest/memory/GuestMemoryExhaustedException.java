package dev.scatterbatch.guest.memory;

/**
 * The guest cannot back a buffer: its region (normal pages or the huge-page pool) has too little free memory,
 * or no free extent long enough for the runs the fragmentation asks for. Nothing was allocated.
 */
public final class GuestMemoryExhaustedException extends RuntimeException {

    /** A sentence saying what could not be allocated and what was free. */
    public GuestMemoryExhaustedException(String message) {
        super(message);
    }
}
