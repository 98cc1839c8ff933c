package dev.scatterbatch.kvmprobe;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The glibc calls the prober makes, as FFM downcalls. One instance per thread: each owns the segment that
 * captures {@code errno} right after the call (reading errno with a later downcall is unreliable, the JVM may
 * have clobbered it; docs/kvm-probe.md §8.2 item 5). Handles are {@code static final} so C2 inlines them.
 */
@SuppressWarnings("restricted") // downcalls and reinterpret are the point; the launcher and surefire enable native access
final class Libc {

    static final int O_RDWR = 2;
    static final int O_CLOEXEC = 0x80000;
    static final int PROT_READ = 1;
    static final int PROT_WRITE = 2;
    static final int MAP_SHARED = 1;
    static final int MAP_PRIVATE = 2;
    static final int MAP_ANONYMOUS = 0x20;
    static final int EFD_CLOEXEC = 0x80000;
    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int ENXIO = 6;
    static final int EACCES = 13;
    static final int ENODEV = 19;
    /** Bytes of a {@code cpu_set_t} (1024 CPUs). */
    static final int CPU_SET_BYTES = 128;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    // The VarHandle has an extra base-offset coordinate: ERRNO.get(segment, 0L) (docs/kvm-probe.md §8.2 item 5).
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    // open and ioctl are variadic; the variadic slot takes promoted types, one handle per shape (8.2 item 2).
    private static final Linker.Option VARIADIC_AFTER_2 = Linker.Option.firstVariadicArg(2);

    private static final MethodHandle OPEN = errnoCall("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), VARIADIC_AFTER_2);
    private static final MethodHandle CLOSE = errnoCall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle IOCTL_LONG =
            errnoCall("ioctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG), VARIADIC_AFTER_2);
    private static final MethodHandle IOCTL_POINTER =
            errnoCall("ioctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), VARIADIC_AFTER_2);
    private static final MethodHandle MMAP = errnoCall("mmap",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MUNMAP = errnoCall("munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle EVENTFD = errnoCall("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle READ = errnoCall("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITE = errnoCall("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle SCHED_GETAFFINITY =
            errnoCall("sched_getaffinity", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));
    private static final MethodHandle SCHED_SETAFFINITY =
            errnoCall("sched_setaffinity", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));
    // The syscall baseline: no errno capture, so it costs what a C caller pays (getppid cannot fail).
    private static final MethodHandle GETPPID = LINKER.downcallHandle(symbol("getppid"), FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle STRERROR =
            LINKER.downcallHandle(symbol("strerror"), FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private final MemorySegment callState;

    /** Errno capture space for the calling thread, allocated in {@code arena} (confined to that thread). */
    Libc(Arena arena) {
        this.callState = arena.allocate(CALL_STATE);
    }

    /** errno as the last errno-capturing call through this instance left it. */
    int errno() {
        return (int) ERRNO.get(callState, 0L);
    }

    int open(MemorySegment path, int flags) {
        try {
            return (int) OPEN.invokeExact(callState, path, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int close(int fd) {
        try {
            return (int) CLOSE.invokeExact(callState, fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code ioctl(fd, request, arg)} with an integer argument; -1 and {@link #errno()} on failure. */
    int ioctl(int fd, long request, long arg) {
        try {
            return (int) IOCTL_LONG.invokeExact(callState, fd, request, arg);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code ioctl(fd, request, struct)}: the argument is a pointer to {@code struct}. */
    int ioctl(int fd, long request, MemorySegment struct) {
        try {
            return (int) IOCTL_POINTER.invokeExact(callState, fd, request, struct);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code mmap}; the result has length 0 (reinterpret it) and address -1 on failure (8.2 item 7). */
    MemorySegment mmap(long length, int prot, int flags, int fd, long offset) {
        try {
            return (MemorySegment) MMAP.invokeExact(callState, MemorySegment.NULL, length, prot, flags, fd, offset);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int munmap(MemorySegment address, long length) {
        try {
            return (int) MUNMAP.invokeExact(callState, address, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int eventfd(int initval, int flags) {
        try {
            return (int) EVENTFD.invokeExact(callState, initval, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    long read(int fd, MemorySegment buffer, long count) {
        try {
            return (long) READ.invokeExact(callState, fd, buffer, count);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    long write(int fd, MemorySegment buffer, long count) {
        try {
            return (long) WRITE.invokeExact(callState, fd, buffer, count);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code sched_getaffinity(0, ...)}: the calling thread's allowed CPUs into a {@code cpu_set_t}. */
    int schedGetaffinity(MemorySegment cpuSet) {
        try {
            return (int) SCHED_GETAFFINITY.invokeExact(callState, 0, cpuSet.byteSize(), cpuSet);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code sched_setaffinity(0, ...)}: pins the calling thread. */
    int schedSetaffinity(MemorySegment cpuSet) {
        try {
            return (int) SCHED_SETAFFINITY.invokeExact(callState, 0, cpuSet.byteSize(), cpuSet);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int getppid() {
        try {
            return (int) GETPPID.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The C library's text for an errno value ("Permission denied"). */
    static String strerror(int errno) {
        try {
            MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
            return text.reinterpret(256).getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static MethodHandle errnoCall(String name, FunctionDescriptor descriptor, Linker.Option... more) {
        Linker.Option[] options = new Linker.Option[more.length + 1];
        options[0] = CAPTURE_ERRNO;
        System.arraycopy(more, 0, options, 1, more.length);
        return LINKER.downcallHandle(symbol(name), descriptor, options);
    }

    private static MemorySegment symbol(String name) {
        return LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new IllegalStateException("the C library has no symbol " + name));
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }
}
