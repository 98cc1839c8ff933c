package dev.scatterbatch.kvmprobe;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The probe VM's one vCPU: its file descriptor and mapped {@code struct kvm_run}. Runs the guest with
 * {@code KVM_RUN} and checks each exit is the one the guest program was written to make. Used from one thread.
 */
@SuppressWarnings("restricted") // mmap results are reinterpreted to their length (docs/kvm-probe.md §8.2 item 7)
final class KvmVcpu implements AutoCloseable {

    private static final long CR0_PE_MP_ET_NE_WP_AM_PG = 0x80050033L;
    private static final long CR4_PAE = 0x20;
    private static final long EFER_LME_LMA = 0x500;
    private static final long RFLAGS_RESERVED = 0x2;
    private static final long RFLAGS_IOPL3 = 0x3000;
    private static final int SEGMENT_CODE_EXECUTE_READ = 0xB;
    private static final int SEGMENT_DATA_READ_WRITE = 0x3;
    private static final String[] DATA_SEGMENTS = {"ds", "es", "fs", "gs", "ss"};

    private final Libc libc;
    private final int fd;
    private final MemorySegment run;
    private final long runSize;
    private final MemorySegment regs;
    private long rflags = RFLAGS_RESERVED;
    private long exitsToUserSpace;

    private KvmVcpu(Libc libc, int fd, MemorySegment run, long runSize, MemorySegment regs) {
        this.libc = libc;
        this.fd = fd;
        this.run = run;
        this.runSize = runSize;
        this.regs = regs;
    }

    static KvmVcpu create(Libc libc, Arena arena, int vmFd, int mmapSize) {
        int fd = libc.ioctl(vmFd, KvmApi.KVM_CREATE_VCPU, 0L);
        if (fd < 0) throw KvmException.ofErrno("KVM_CREATE_VCPU", libc.errno());
        MemorySegment run = libc.mmap(mmapSize, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_SHARED, fd, 0);
        if (run.address() == -1L) {
            int errno = libc.errno();
            libc.close(fd);
            throw KvmException.ofErrno("mmap of kvm_run", errno);
        }
        return new KvmVcpu(libc, fd, run.reinterpret(mmapSize), mmapSize, arena.allocate(KvmApi.REGS));
    }

    /**
     * Puts the vCPU in 64-bit long mode with paging rooted at {@code cr3}, code and data segments at
     * {@code mode}'s CPL (flat, no GDT: KVM takes the hidden parts as given), IOPL 3 at CPL 3.
     */
    void enterLongMode(Arena arena, GuestMode mode, long cr3) {
        MemorySegment sregs = arena.allocate(KvmApi.SREGS);
        KvmVm.check(libc, libc.ioctl(fd, KvmApi.KVM_GET_SREGS, sregs), "KVM_GET_SREGS");
        int cpl = mode.cpl();
        // GDT index 1 (code) and 2 (data) at CPL 0, 3 and 4 at CPL 3; the requested privilege level is the CPL.
        int codeSelector = (cpl == 0 ? 0x08 : 0x18) | cpl;
        int dataSelector = (cpl == 0 ? 0x10 : 0x20) | cpl;
        segment(sregs, "cs", codeSelector, SEGMENT_CODE_EXECUTE_READ, cpl, 0, 1);
        for (String data : DATA_SEGMENTS) segment(sregs, data, dataSelector, SEGMENT_DATA_READ_WRITE, cpl, 1, 0);
        sregs.set(JAVA_LONG, offset("cr0"), CR0_PE_MP_ET_NE_WP_AM_PG);
        sregs.set(JAVA_LONG, offset("cr3"), cr3);
        sregs.set(JAVA_LONG, offset("cr4"), CR4_PAE);
        sregs.set(JAVA_LONG, offset("efer"), EFER_LME_LMA);
        KvmVm.check(libc, libc.ioctl(fd, KvmApi.KVM_SET_SREGS, sregs), "KVM_SET_SREGS (" + mode.description() + ")");
        rflags = cpl == 3 ? RFLAGS_RESERVED | RFLAGS_IOPL3 : RFLAGS_RESERVED;
    }

    private static void segment(MemorySegment sregs, String name, int selector, int type, int dpl, int db, int l) {
        long base = offset(name);
        sregs.set(JAVA_LONG, base + field("base"), 0L);
        sregs.set(JAVA_INT, base + field("limit"), 0xFFFFFFFF);
        sregs.set(JAVA_SHORT, base + field("selector"), (short) selector);
        sregs.set(JAVA_BYTE, base + field("type"), (byte) type);
        sregs.set(JAVA_BYTE, base + field("present"), (byte) 1);
        sregs.set(JAVA_BYTE, base + field("dpl"), (byte) dpl);
        sregs.set(JAVA_BYTE, base + field("db"), (byte) db);
        sregs.set(JAVA_BYTE, base + field("s"), (byte) 1);
        sregs.set(JAVA_BYTE, base + field("l"), (byte) l);
        sregs.set(JAVA_BYTE, base + field("g"), (byte) 1);
        sregs.set(JAVA_BYTE, base + field("unusable"), (byte) 0);
    }

    private static long offset(String sregsField) {
        return KvmApi.SREGS.byteOffset(PathElement.groupElement(sregsField));
    }

    private static long field(String segmentField) {
        return KvmApi.SEGMENT.byteOffset(PathElement.groupElement(segmentField));
    }

    /** Sets every general register to 0 except {@code rip}, {@code rsp} and the mode's {@code rflags}. */
    void jumpTo(long rip, long rsp) {
        regs.fill((byte) 0);
        regs.set(JAVA_LONG, KvmApi.REGS.byteOffset(PathElement.groupElement("rip")), rip);
        regs.set(JAVA_LONG, KvmApi.REGS.byteOffset(PathElement.groupElement("rsp")), rsp);
        regs.set(JAVA_LONG, KvmApi.REGS.byteOffset(PathElement.groupElement("rflags")), rflags);
        KvmVm.check(libc, libc.ioctl(fd, KvmApi.KVM_SET_REGS, regs), "KVM_SET_REGS");
    }

    /**
     * Completes a pending I/O exit without entering the guest: {@code KVM_RUN} with {@code immediate_exit} set
     * returns EINTR after finishing it (docs/kvm-probe.md §8.2 item 10; the KVM selftests' idiom).
     */
    void completePendingIo() {
        run.set(JAVA_BYTE, KvmApi.RUN_IMMEDIATE_EXIT, (byte) 1);
        int rc = libc.ioctl(fd, KvmApi.KVM_RUN, 0L);
        int errno = libc.errno();
        run.set(JAVA_BYTE, KvmApi.RUN_IMMEDIATE_EXIT, (byte) 0);
        if (rc != -1 || errno != Libc.EINTR) {
            throw new KvmException("KVM_RUN with immediate_exit returned " + rc + " instead of EINTR");
        }
    }

    /** Enters the guest until it exits to user space; returns {@code kvm_run.exit_reason}. Retries on EINTR. */
    int run() {
        while (libc.ioctl(fd, KvmApi.KVM_RUN, 0L) != 0) {
            int errno = libc.errno();
            if (errno != Libc.EINTR) throw KvmException.ofErrno("KVM_RUN", errno);
        }
        exitsToUserSpace++;
        return run.get(JAVA_INT, KvmApi.RUN_EXIT_REASON);
    }

    /** How many times {@code KVM_RUN} returned an exit to user space (EINTR retries do not count). */
    long exitsToUserSpace() {
        return exitsToUserSpace;
    }

    /** Runs the guest until it writes to an I/O port; returns the port. Any other exit is an error. */
    int runUntilPortOut() {
        int reason = run();
        if (reason != KvmApi.EXIT_IO || run.get(JAVA_BYTE, KvmApi.RUN_IO_DIRECTION) != KvmApi.IO_DIRECTION_OUT) {
            throw unexpectedExit(reason, "a port write");
        }
        return Short.toUnsignedInt(run.get(JAVA_SHORT, KvmApi.RUN_IO_PORT));
    }

    /** Runs the guest until it writes to I/O port {@code port}. Any other exit is an error. */
    void runUntilOut(int port) {
        int got = runUntilPortOut();
        if (got != port) throw new KvmException(String.format("the guest wrote to port 0x%x where the probe expected 0x%x", got, port));
    }

    /** Runs the guest until it stores to MMIO address {@code gpa}. Any other exit is an error. */
    void runUntilMmioWrite(long gpa) {
        int reason = run();
        if (reason != KvmApi.EXIT_MMIO || run.get(JAVA_BYTE, KvmApi.RUN_MMIO_IS_WRITE) == 0
                || run.get(JAVA_LONG, KvmApi.RUN_MMIO_PHYS_ADDR) != gpa) {
            throw unexpectedExit(reason, "an MMIO write to 0x" + Long.toHexString(gpa));
        }
    }

    private KvmException unexpectedExit(int reason, String expected) {
        String detail = switch (reason) {
            case KvmApi.EXIT_IO -> String.format("KVM_EXIT_IO (port %s 0x%x)",
                    run.get(JAVA_BYTE, KvmApi.RUN_IO_DIRECTION) == KvmApi.IO_DIRECTION_OUT ? "write to" : "read from",
                    Short.toUnsignedInt(run.get(JAVA_SHORT, KvmApi.RUN_IO_PORT)));
            case KvmApi.EXIT_MMIO -> String.format("KVM_EXIT_MMIO (%s 0x%x)",
                    run.get(JAVA_BYTE, KvmApi.RUN_MMIO_IS_WRITE) != 0 ? "write to" : "read from",
                    run.get(JAVA_LONG, KvmApi.RUN_MMIO_PHYS_ADDR));
            case KvmApi.EXIT_HLT -> "KVM_EXIT_HLT";
            case KvmApi.EXIT_SHUTDOWN -> "KVM_EXIT_SHUTDOWN (a triple fault: the guest took an exception it has no handler for)";
            case KvmApi.EXIT_FAIL_ENTRY -> String.format("KVM_EXIT_FAIL_ENTRY (hardware entry failure reason 0x%x)",
                    run.get(JAVA_LONG, KvmApi.RUN_FAIL_ENTRY_REASON));
            case KvmApi.EXIT_INTERNAL_ERROR -> "KVM_EXIT_INTERNAL_ERROR (suberror " + run.get(JAVA_INT, KvmApi.RUN_INTERNAL_SUBERROR) + ")";
            default -> "exit reason " + reason;
        };
        return new KvmException("the guest stopped with " + detail + " at rip 0x" + Long.toHexString(rip())
                + " where the probe expected " + expected);
    }

    private long rip() {
        if (libc.ioctl(fd, KvmApi.KVM_GET_REGS, regs) < 0) return -1;
        return regs.get(JAVA_LONG, KvmApi.REGS.byteOffset(PathElement.groupElement("rip")));
    }

    @Override
    public void close() {
        libc.munmap(run, runSize);
        libc.close(fd);
    }
}
