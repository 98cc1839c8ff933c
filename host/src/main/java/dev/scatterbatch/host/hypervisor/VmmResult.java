package dev.scatterbatch.host.hypervisor;

import dev.scatterbatch.model.uapi.Errno;

/** How a VMM step ended: done, or failed with the kernel's errno and a sentence saying what failed. */
public sealed interface VmmResult {

    /** The step succeeded. */
    Ok OK = new Ok();

    /** Whether the step succeeded. */
    default boolean ok() {
        return this instanceof Ok;
    }

    /** Success. */
    record Ok() implements VmmResult {
    }

    /** A failure: the errno the guest gets back and the sentence its completion carries. */
    record Failed(Errno errno, String message) implements VmmResult {
    }

    /** A failure with {@code errno}: {@code what} failed, followed by the errno's name. */
    static Failed failed(Errno errno, String what) {
        return new Failed(errno, what + " (" + errno + ")");
    }
}
