package dev.scatterbatch.kvmprobe;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * A host thread standing in for a VMM's I/O thread (vhost or QEMU IOThread style): blocked in {@code read()} on
 * the eventfd a guest kick signals, it wakes, and acknowledges by writing the number of kicks seen so far to a
 * word in guest memory that the guest spins on.
 */
final class EventfdBackend implements AutoCloseable {

    private static final VarHandle ACK = JAVA_INT.varHandle();

    private final int eventfd;
    private final MemorySegment ackWord;
    private final int cpu;
    private final Libc stopperLibc;
    private final MemorySegment stopValue;
    private final Thread thread;
    private volatile boolean stopping;
    private volatile String failure;
    private volatile boolean pinned;

    /**
     * Starts the backend thread on {@code cpu} (-1: anywhere). {@code libc} and {@code arena} belong to the
     * calling thread, which must also be the one that closes the backend.
     */
    EventfdBackend(int eventfd, MemorySegment ackWord, int cpu, Libc libc, Arena arena) {
        this.eventfd = eventfd;
        this.ackWord = ackWord;
        this.cpu = cpu;
        this.stopperLibc = libc;
        this.stopValue = arena.allocate(JAVA_LONG);
        stopValue.set(JAVA_LONG, 0, 1L);
        ACK.setVolatile(ackWord, 0L, 0);
        this.thread = Thread.ofPlatform().name("kvm-probe-backend").daemon().start(this::serve);
    }

    private void serve() {
        try (Arena arena = Arena.ofConfined()) {
            Libc libc = new Libc(arena);
            pinned = cpu >= 0 && CpuAffinity.pin(libc, arena, cpu);
            MemorySegment count = arena.allocate(JAVA_LONG);
            long kicks = 0;
            while (!stopping) kicks = acknowledgeNextKicks(libc, count, kicks);
        } catch (KvmException e) {
            failure = e.getMessage();
        }
    }

    /**
     * Blocks until the guest kicks, then acknowledges every kick seen so far; returns that count. A method of
     * its own, called per kick, so the JIT compiles it early in the warm-up.
     */
    private long acknowledgeNextKicks(Libc libc, MemorySegment count, long kicks) {
        while (libc.read(eventfd, count, 8) != 8) {
            int errno = libc.errno();
            if (errno != Libc.EINTR) throw KvmException.ofErrno("read of the kick eventfd", errno);
        }
        if (stopping) return kicks;
        long seen = kicks + count.get(JAVA_LONG, 0);
        ACK.setRelease(ackWord, 0L, (int) seen);
        return seen;
    }

    /** Whether the backend thread runs pinned to its CPU. */
    boolean pinned() {
        return pinned;
    }

    /** Why the backend stopped early, or null. */
    String failure() {
        return failure;
    }

    /** Stops the backend thread: wakes it with a write of its own and waits for it. */
    @Override
    public void close() {
        stopping = true;
        stopperLibc.write(eventfd, stopValue, 8);
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
