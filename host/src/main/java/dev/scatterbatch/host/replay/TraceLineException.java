package dev.scatterbatch.host.replay;

/** A trace line that cannot be understood; the message says what is wrong with it. */
final class TraceLineException extends RuntimeException {

    TraceLineException(String message) {
        super(message);
    }
}
