package dev.scatterbatch.model.uapi;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Linux error numbers (x86-64 / asm-generic values) that the modelled kernel paths return. */
public enum Errno {
    EPERM(1),
    ENOENT(2),
    ESRCH(3),
    EINTR(4),
    EIO(5),
    EBADF(9),
    EAGAIN(11),
    ENOMEM(12),
    EACCES(13),
    EFAULT(14),
    EBUSY(16),
    EEXIST(17),
    ENODEV(19),
    EINVAL(22),
    ENOTTY(25),
    ENOSPC(28),
    ERANGE(34),
    ENOSYS(38),
    EOVERFLOW(75),
    EOPNOTSUPP(95),
    EADDRINUSE(98),
    ETIMEDOUT(110),
    /** Kernel-internal {@code ENOTSUPP} (524), which reaches user space from CREATE_QUEUE. */
    ENOTSUPP(524);

    private static final Map<Integer, Errno> BY_NUMBER = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(Errno::number, Function.identity()));

    private final int number;

    Errno(int number) {
        this.number = number;
    }

    /** The positive errno value. */
    public int number() {
        return number;
    }

    /** The value a kernel function returns for this error: {@code -number}. */
    public int ret() {
        return -number;
    }

    /** The errno with this positive number, if it is one listed here. */
    public static Optional<Errno> byNumber(int number) {
        return Optional.ofNullable(BY_NUMBER.get(number));
    }

    /** The errno a negative kernel return value stands for, if it is one listed here. */
    public static Optional<Errno> fromReturn(long ret) {
        return ret < 0 && ret >= Integer.MIN_VALUE + 1 ? byNumber((int) -ret) : Optional.empty();
    }

    /** The errno with this name ({@code "EINVAL"}, case-insensitive), if it is one listed here. */
    public static Optional<Errno> byName(String name) {
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
