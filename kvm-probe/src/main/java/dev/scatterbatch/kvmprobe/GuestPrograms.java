package dev.scatterbatch.kvmprobe;

import dev.scatterbatch.kvmprobe.GuestCode.Label;
import dev.scatterbatch.kvmprobe.GuestCode.Reg;

import java.util.function.Consumer;

/**
 * The guest programs the probe runs. Each repeats forever: the VMM times one {@code KVM_RUN} (one exit, or one
 * batch ending in an exit to {@link #EXIT_PORT}) and re-enters. None uses {@code cpuid} or a hypercall, which
 * another hypervisor below KVM may answer (docs/kvm-probe.md §3).
 */
final class GuestPrograms {

    /** A port nothing in the kernel handles: writing it exits to the VMM. */
    static final int EXIT_PORT = 0x10;
    /** The guest gave up waiting for the backend's acknowledgement. */
    static final int ACK_TIMEOUT_PORT = 0x11;
    /** The PIO ioeventfd without a reader. */
    static final int KICK_PORT = 0x50;
    /** The PIO ioeventfd the backend thread reads. */
    static final int BACKEND_KICK_PORT = 0x52;
    /** The in-kernel PIC's (master) data port. */
    static final int PIC_DATA_PORT = 0x21;
    /** Spins on the ack word before the guest gives up: well over a second natively. */
    static final int ACK_SPIN_LIMIT = 1 << 28;

    private GuestPrograms() {
    }

    /** {@code out EXIT_PORT} forever: every run is one PIO exit. */
    static GuestCode portExit() {
        GuestCode c = new GuestCode();
        Label start = new Label();
        return c.bind(start).out(EXIT_PORT).jmp(start);
    }

    /** A 4-byte store to {@code gpa} forever: every run is one MMIO exit. */
    static GuestCode mmioExit(long gpa) {
        GuestCode c = new GuestCode().mov(Reg.ESI, Math.toIntExact(gpa));
        Label start = new Label();
        return c.bind(start).storeEax(Reg.ESI).jmp(start);
    }

    /** Batches of {@code n} iterations of {@code op}, then an exit: every run is one batch. */
    static GuestCode batch(int n, Consumer<GuestCode> op) {
        return batch(n, c -> { }, op);
    }

    /** As {@link #batch(int, Consumer)}, with {@code setup} once before the first batch. */
    static GuestCode batch(int n, Consumer<GuestCode> setup, Consumer<GuestCode> op) {
        GuestCode c = new GuestCode();
        setup.accept(c);
        Label start = new Label();
        Label loop = new Label();
        c.bind(start).mov(Reg.ECX, n).bind(loop);
        op.accept(c);
        return c.dec(Reg.ECX).jnz(loop).out(EXIT_PORT).jmp(start);
    }

    /** A loop of {@code n} empty iterations ({@code dec; jnz}): the loop's own cost. */
    static GuestCode emptyLoop(int n) {
        return batch(n, c -> { });
    }

    /** A loop of {@code n} {@code nop; dec; jnz} iterations: three instructions each. */
    static GuestCode nopLoop(int n) {
        return batch(n, GuestCode::nop);
    }

    /** Batches of {@code n} reads of the in-kernel PIC. */
    static GuestCode picReads(int n) {
        return batch(n, c -> c.in(PIC_DATA_PORT));
    }

    /** Batches of {@code n} writes to the PIO ioeventfd port. */
    static GuestCode pioKicks(int n) {
        return batch(n, c -> c.out(KICK_PORT));
    }

    /** Batches of {@code n} 4-byte stores to the MMIO ioeventfd at {@code gpa}. */
    static GuestCode mmioKicks(int n, long gpa) {
        return batch(n, c -> c.mov(Reg.EDI, Math.toIntExact(gpa)), c -> c.storeEax(Reg.EDI));
    }

    /**
     * Batches of {@code n} round trips: kick {@link #BACKEND_KICK_PORT}, then spin until the 32-bit word at
     * {@code ackGpa} reaches the kick's sequence number (1, 2, ... across batches). After
     * {@link #ACK_SPIN_LIMIT} spins without it, the guest writes {@link #ACK_TIMEOUT_PORT}.
     */
    static GuestCode kickAndWaitForAck(int n, long ackGpa) {
        Label spin = new Label();
        Label acked = new Label();
        return batch(n, c -> c.mov(Reg.EBX, 1).mov(Reg.EDX, Math.toIntExact(ackGpa)), c -> c
                .out(BACKEND_KICK_PORT).mov(Reg.ESI, ACK_SPIN_LIMIT)
                .bind(spin).pause().cmpMem(Reg.EDX, Reg.EBX).jae(acked)
                .dec(Reg.ESI).jnz(spin).out(ACK_TIMEOUT_PORT).jmp(spin)
                .bind(acked).inc(Reg.EBX));
    }
}
