package dev.scatterbatch.kvmprobe;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.paddingLayout;
import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The slice of the KVM UAPI ({@code <linux/kvm.h>}, x86) the prober uses: struct layouts, ioctl request codes
 * and {@code kvm_run} offsets. Request codes are derived from the layouts with {@code _IOC} and checked against
 * the header's values when the class loads, which also checks the struct sizes (docs/kvm-probe.md §8.2 item 4).
 */
final class KvmApi {

    /** {@code KVMIO}, the ioctl type byte of every KVM request. */
    static final int KVMIO = 0xAE;
    static final int IOC_NONE = 0;
    static final int IOC_WRITE = 1;
    static final int IOC_READ = 2;

    /** {@code struct kvm_userspace_memory_region}: 32 bytes. */
    static final StructLayout USERSPACE_MEMORY_REGION = structLayout(
            JAVA_INT.withName("slot"), JAVA_INT.withName("flags"), JAVA_LONG.withName("guest_phys_addr"),
            JAVA_LONG.withName("memory_size"), JAVA_LONG.withName("userspace_addr"));

    /** {@code struct kvm_regs}: 18 64-bit registers, 144 bytes. */
    static final StructLayout REGS = structLayout(
            JAVA_LONG.withName("rax"), JAVA_LONG.withName("rbx"), JAVA_LONG.withName("rcx"), JAVA_LONG.withName("rdx"),
            JAVA_LONG.withName("rsi"), JAVA_LONG.withName("rdi"), JAVA_LONG.withName("rsp"), JAVA_LONG.withName("rbp"),
            JAVA_LONG.withName("r8"), JAVA_LONG.withName("r9"), JAVA_LONG.withName("r10"), JAVA_LONG.withName("r11"),
            JAVA_LONG.withName("r12"), JAVA_LONG.withName("r13"), JAVA_LONG.withName("r14"), JAVA_LONG.withName("r15"),
            JAVA_LONG.withName("rip"), JAVA_LONG.withName("rflags"));

    /** {@code struct kvm_segment}: 24 bytes; FFM wants C's trailing padding spelled out (8.2 item 6). */
    static final StructLayout SEGMENT = structLayout(
            JAVA_LONG.withName("base"), JAVA_INT.withName("limit"), JAVA_SHORT.withName("selector"),
            JAVA_BYTE.withName("type"), JAVA_BYTE.withName("present"), JAVA_BYTE.withName("dpl"),
            JAVA_BYTE.withName("db"), JAVA_BYTE.withName("s"), JAVA_BYTE.withName("l"), JAVA_BYTE.withName("g"),
            JAVA_BYTE.withName("avl"), JAVA_BYTE.withName("unusable"), paddingLayout(1));

    /** {@code struct kvm_dtable}: 16 bytes. */
    static final StructLayout DTABLE = structLayout(JAVA_LONG.withName("base"), JAVA_SHORT.withName("limit"), paddingLayout(6));

    /** {@code struct kvm_sregs}: 312 bytes. */
    static final StructLayout SREGS = structLayout(
            SEGMENT.withName("cs"), SEGMENT.withName("ds"), SEGMENT.withName("es"), SEGMENT.withName("fs"),
            SEGMENT.withName("gs"), SEGMENT.withName("ss"), SEGMENT.withName("tr"), SEGMENT.withName("ldt"),
            DTABLE.withName("gdt"), DTABLE.withName("idt"),
            JAVA_LONG.withName("cr0"), JAVA_LONG.withName("cr2"), JAVA_LONG.withName("cr3"), JAVA_LONG.withName("cr4"),
            JAVA_LONG.withName("cr8"), JAVA_LONG.withName("efer"), JAVA_LONG.withName("apic_base"),
            sequenceLayout(4, JAVA_LONG).withName("interrupt_bitmap"));

    /** {@code struct kvm_ioeventfd}: 64 bytes. */
    static final StructLayout IOEVENTFD = structLayout(
            JAVA_LONG.withName("datamatch"), JAVA_LONG.withName("addr"), JAVA_INT.withName("len"),
            JAVA_INT.withName("fd"), JAVA_INT.withName("flags"), paddingLayout(36));

    static final long KVM_GET_API_VERSION = io(0x00);
    static final long KVM_CREATE_VM = io(0x01);
    static final long KVM_CHECK_EXTENSION = io(0x03);
    static final long KVM_GET_VCPU_MMAP_SIZE = io(0x04);
    static final long KVM_CREATE_VCPU = io(0x41);
    static final long KVM_SET_USER_MEMORY_REGION = iow(0x46, USERSPACE_MEMORY_REGION);
    static final long KVM_CREATE_IRQCHIP = io(0x60);
    static final long KVM_IOEVENTFD = iow(0x79, IOEVENTFD);
    static final long KVM_RUN = io(0x80);
    static final long KVM_SET_REGS = iow(0x82, REGS);
    static final long KVM_GET_REGS = ior(0x81, REGS);
    static final long KVM_GET_SREGS = ior(0x83, SREGS);
    static final long KVM_SET_SREGS = iow(0x84, SREGS);

    /** The only API version there has ever been. */
    static final int API_VERSION = 12;
    static final int CAP_IRQCHIP = 0;
    static final int CAP_USER_MEMORY = 3;
    static final int CAP_IOEVENTFD = 36;

    static final int IOEVENTFD_FLAG_PIO = 1 << 1;

    // struct kvm_run (8.2 item 6): the fields read or written, by offset.
    static final long RUN_IMMEDIATE_EXIT = 1;
    static final long RUN_EXIT_REASON = 8;
    static final long RUN_IO_DIRECTION = 32;
    static final long RUN_IO_SIZE = 33;
    static final long RUN_IO_PORT = 34;
    static final long RUN_MMIO_PHYS_ADDR = 32;
    static final long RUN_MMIO_IS_WRITE = 32 + 8 + 8 + 4;
    static final long RUN_FAIL_ENTRY_REASON = 32;
    static final long RUN_INTERNAL_SUBERROR = 32;

    static final int EXIT_IO = 2;
    static final int EXIT_HLT = 5;
    static final int EXIT_MMIO = 6;
    static final int EXIT_SHUTDOWN = 8;
    static final int EXIT_FAIL_ENTRY = 9;
    static final int EXIT_INTERNAL_ERROR = 17;
    static final int IO_DIRECTION_OUT = 1;

    static {
        // The header's values; a mismatch means a layout above is wrong.
        requireCode("KVM_SET_USER_MEMORY_REGION", KVM_SET_USER_MEMORY_REGION, 0x4020AE46L);
        requireCode("KVM_GET_SREGS", KVM_GET_SREGS, 0x8138AE83L);
        requireCode("KVM_SET_SREGS", KVM_SET_SREGS, 0x4138AE84L);
        requireCode("KVM_GET_REGS", KVM_GET_REGS, 0x8090AE81L);
        requireCode("KVM_SET_REGS", KVM_SET_REGS, 0x4090AE82L);
        requireCode("KVM_IOEVENTFD", KVM_IOEVENTFD, 0x4040AE79L);
        requireCode("KVM_RUN", KVM_RUN, 0xAE80L);
    }

    private KvmApi() {
    }

    /** {@code _IOC(dir, type, nr, size)} from {@code <asm-generic/ioctl.h>}: dir 2 bits, size 14, type 8, nr 8. */
    static long ioc(int dir, int type, int nr, long size) {
        if (size < 0 || size >= 1 << 14) throw new IllegalArgumentException("ioctl argument size " + size + " does not fit 14 bits");
        return ((long) dir << 30) | (size << 16) | ((long) type << 8) | nr;
    }

    private static long io(int nr) {
        return ioc(IOC_NONE, KVMIO, nr, 0);
    }

    private static long iow(int nr, MemoryLayout argument) {
        return ioc(IOC_WRITE, KVMIO, nr, argument.byteSize());
    }

    private static long ior(int nr, MemoryLayout argument) {
        return ioc(IOC_READ, KVMIO, nr, argument.byteSize());
    }

    private static void requireCode(String name, long derived, long header) {
        if (derived != header) {
            throw new IllegalStateException(String.format("%s: derived request code 0x%X differs from <linux/kvm.h> 0x%X",
                    name, derived, header));
        }
    }
}
