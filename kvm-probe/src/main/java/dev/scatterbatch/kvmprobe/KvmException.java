package dev.scatterbatch.kvmprobe;

/**
 * A KVM call failed or the guest stopped in a way the probe did not program, while probing. The message is
 * one sentence naming the call and the kernel's answer (errno text and number, or the exit reason).
 */
public class KvmException extends RuntimeException {

    /** A failure described by {@code message}. */
    public KvmException(String message) {
        super(message);
    }

    /** A failed call: {@code what} failed with {@code errno} (its C library text and number). */
    static KvmException ofErrno(String what, int errno) {
        return new KvmException(what + " failed: " + Libc.strerror(errno) + " (errno " + errno + ")");
    }
}
