package dev.scatterbatch.model.uapi;

import java.util.Optional;

/**
 * What an ioctl returns to user space: the return value (0 or {@code -errno}) and the argument struct as user
 * space sees it afterwards (written back by the kernel for {@code _IOR}/{@code _IOWR} commands, even on failure;
 * the caller's input otherwise).
 *
 * @param ret  0 on success, {@code -errno} on failure
 * @param args the struct after the call
 * @param <A>  the argument struct
 */
public record IoctlResult<A extends KfdIoctlArgs>(int ret, A args) {

    /** A success. */
    public static <A extends KfdIoctlArgs> IoctlResult<A> ok(A args) {
        return new IoctlResult<>(0, args);
    }

    /** A failure with {@code errno}. */
    public static <A extends KfdIoctlArgs> IoctlResult<A> error(Errno errno, A args) {
        return new IoctlResult<>(errno.ret(), args);
    }

    /** Whether the ioctl returned 0. */
    public boolean isSuccess() {
        return ret == 0;
    }

    /** The error, empty on success. */
    public Optional<Errno> errno() {
        return Errno.fromReturn(ret);
    }
}
