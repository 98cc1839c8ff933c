package dev.scatterbatch.host;

import dev.scatterbatch.model.uapi.Errno;

/**
 * A host command the host kernel cannot take at all (as opposed to an ioctl that fails, whose errno is part of a
 * normal reply): a command for a process that does not exist (ESRCH), or a process created twice (EEXIST).
 */
public final class HostCommandRefused extends IllegalArgumentException {

    private final Errno errno;

    public HostCommandRefused(Errno errno, String message) {
        super(message);
        this.errno = errno;
    }

    /** The errno the kernel would answer. */
    public Errno errno() {
        return errno;
    }
}
