package dev.scatterbatch.kvmprobe;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * One probe VM, as docs/kvm-probe.md §2 set it up: 56 KiB of guest memory at GPA 0, an in-kernel irqchip, one
 * vCPU in 64-bit long mode, identity-mapped with 4 KiB pages up to 128 KiB (so the MMIO addresses above the
 * memory are mapped too), and ioeventfds added on demand. Used from the thread that created it.
 */
@SuppressWarnings("restricted") // mmap results are reinterpreted to their length (docs/kvm-probe.md §8.2 item 7)
final class KvmVm implements AutoCloseable {

    /** Guest memory: 56 KiB at GPA 0. */
    static final long MEMORY_SIZE = 0xE000;
    static final long PML4 = 0x0000;
    static final long PDPT = 0x1000;
    static final long PD = 0x2000;
    static final long PT = 0x3000;
    /** Where programs are loaded (8 KiB). */
    static final long CODE = 0x4000;
    static final long CODE_SIZE = 0x2000;
    /** The word a backend thread writes its acknowledgements to. */
    static final long ACK_WORD = 0x6000;
    static final long STACK_TOP = MEMORY_SIZE;
    /** A GPA above the memory: a 4-byte store there is an MMIO ioeventfd kick. */
    static final long MMIO_KICK_GPA = 0xF000;
    /** A GPA above the memory with nothing behind it: a store there exits to user space. */
    static final long MMIO_EXIT_GPA = 0x10000;
    private static final int MAPPED_PAGES = 32;
    // Page-table entry bits: present, writable, user (so CPL-3 code may touch every page).
    private static final long PTE_PRESENT_WRITABLE_USER = 0x7;

    private final Libc libc;
    private final int vmFd;
    private final MemorySegment memory;
    private final KvmVcpu vcpu;
    private final List<Integer> eventfds = new ArrayList<>();

    private KvmVm(Libc libc, int vmFd, MemorySegment memory, KvmVcpu vcpu) {
        this.libc = libc;
        this.vmFd = vmFd;
        this.memory = memory;
        this.vcpu = vcpu;
    }

    /** A new VM with its memory, irqchip and vCPU, the vCPU in long mode at {@code mode}'s CPL. */
    static KvmVm create(KvmDevice kvm, Libc libc, Arena arena, GuestMode mode) {
        int vmFd = kvm.createVm();
        MemorySegment memory = null;
        try {
            // The in-kernel PIC, IOAPIC and LAPIC must exist before the vCPU is created.
            check(libc, libc.ioctl(vmFd, KvmApi.KVM_CREATE_IRQCHIP, 0L), "KVM_CREATE_IRQCHIP");
            memory = libc.mmap(MEMORY_SIZE, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_PRIVATE | Libc.MAP_ANONYMOUS, -1, 0);
            if (memory.address() == -1L) throw KvmException.ofErrno("mmap of the guest memory", libc.errno());
            memory = memory.reinterpret(MEMORY_SIZE);
            MemorySegment region = arena.allocate(KvmApi.USERSPACE_MEMORY_REGION);
            region.set(JAVA_INT, 0, 0);
            region.set(JAVA_INT, 4, 0);
            region.set(JAVA_LONG, 8, 0L);
            region.set(JAVA_LONG, 16, MEMORY_SIZE);
            region.set(JAVA_LONG, 24, memory.address());
            check(libc, libc.ioctl(vmFd, KvmApi.KVM_SET_USER_MEMORY_REGION, region), "KVM_SET_USER_MEMORY_REGION");
            writePageTables(memory);
            KvmVcpu vcpu = KvmVcpu.create(libc, arena, vmFd, kvm.vcpuMmapSize());
            try {
                vcpu.enterLongMode(arena, mode, PML4);
            } catch (RuntimeException e) {
                vcpu.close();
                throw e;
            }
            return new KvmVm(libc, vmFd, memory, vcpu);
        } catch (RuntimeException e) {
            if (memory != null && memory.address() != -1L) libc.munmap(memory, MEMORY_SIZE);
            libc.close(vmFd);
            throw e;
        }
    }

    private static void writePageTables(MemorySegment memory) {
        memory.set(JAVA_LONG, PML4, PDPT | PTE_PRESENT_WRITABLE_USER);
        memory.set(JAVA_LONG, PDPT, PD | PTE_PRESENT_WRITABLE_USER);
        memory.set(JAVA_LONG, PD, PT | PTE_PRESENT_WRITABLE_USER);
        for (int page = 0; page < MAPPED_PAGES; page++) {
            memory.set(JAVA_LONG, PT + 8L * page, (long) page * 0x1000 | PTE_PRESENT_WRITABLE_USER);
        }
    }

    static void check(Libc libc, int result, String what) {
        if (result < 0) throw KvmException.ofErrno(what, libc.errno());
    }

    /** The vCPU. */
    KvmVcpu vcpu() {
        return vcpu;
    }

    /** Guest memory, GPA 0 at offset 0 (readable and writable from any thread). */
    MemorySegment memory() {
        return memory;
    }

    /**
     * Loads {@code program} at {@link #CODE} and points the vCPU at it. A pending port-I/O exit is completed
     * first, or KVM would finish it against the new registers.
     */
    void start(GuestCode program) {
        byte[] code = program.bytes();
        if (code.length > CODE_SIZE) throw new IllegalArgumentException("guest program of " + code.length + " bytes exceeds the code area");
        vcpu.completePendingIo();
        MemorySegment.copy(MemorySegment.ofArray(code), 0, memory, CODE, code.length);
        vcpu.jumpTo(CODE, STACK_TOP);
    }

    /** A new eventfd signalled by a {@code len}-byte guest write to I/O port {@code port} (KVM_IOEVENTFD, PIO). */
    int pioEventfd(Arena arena, int port, int len) {
        return ioeventfd(arena, port, len, KvmApi.IOEVENTFD_FLAG_PIO);
    }

    /** A new eventfd signalled by a {@code len}-byte guest store to {@code gpa} (KVM_IOEVENTFD, MMIO). */
    int mmioEventfd(Arena arena, long gpa, int len) {
        return ioeventfd(arena, gpa, len, 0);
    }

    private int ioeventfd(Arena arena, long addr, int len, int flags) {
        int efd = libc.eventfd(0, Libc.EFD_CLOEXEC);
        if (efd < 0) throw KvmException.ofErrno("eventfd", libc.errno());
        eventfds.add(efd);
        MemorySegment arg = arena.allocate(KvmApi.IOEVENTFD);
        arg.set(JAVA_LONG, 8, addr);
        arg.set(JAVA_INT, 16, len);
        arg.set(JAVA_INT, 20, efd);
        arg.set(JAVA_INT, 24, flags);
        check(libc, libc.ioctl(vmFd, KvmApi.KVM_IOEVENTFD, arg), "KVM_IOEVENTFD at 0x" + Long.toHexString(addr));
        return efd;
    }

    @Override
    public void close() {
        vcpu.close();
        libc.close(vmFd);
        for (int efd : eventfds) libc.close(efd);
        libc.munmap(memory, MEMORY_SIZE);
    }
}
