package dev.scatterbatch.kvmprobe;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny x86-64 assembler for the probe's guest loops: just the instructions they use, 32-bit operands (which
 * zero-extend in 64-bit mode) and 8-bit relative jumps to labels. Encodings are the ones GNU as produces.
 */
final class GuestCode {

    /** A 32-bit general register, by its ModRM number. */
    enum Reg {
        EAX(0), ECX(1), EDX(2), EBX(3), ESI(6), EDI(7);

        final int number;

        Reg(int number) {
            this.number = number;
        }
    }

    /** A jump target; jumps to it may come before or after it is bound. */
    static final class Label {
        private int position = -1;
        private final List<Integer> pendingRel8 = new ArrayList<>();
    }

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    /** The encoded program. */
    byte[] bytes() {
        return bytes.toByteArray();
    }

    /** Binds {@code label} to the next instruction. */
    GuestCode bind(Label label) {
        if (label.position >= 0) throw new IllegalStateException("label bound twice");
        label.position = bytes.size();
        byte[] code = bytes.toByteArray();
        for (int at : label.pendingRel8) code[at] = rel8(label.position - (at + 1));
        bytes.reset();
        bytes.writeBytes(code);
        return this;
    }

    /** {@code mov r32, imm32}. */
    GuestCode mov(Reg r, int imm) {
        emit(0xB8 + r.number);
        return imm32(imm);
    }

    /** {@code mov dword [base], eax}: a 4-byte store. */
    GuestCode storeEax(Reg base) {
        return emit(0x89, modrmIndirect(Reg.EAX, base));
    }

    /** {@code cmp dword [base], r}: flags of memory minus r. */
    GuestCode cmpMem(Reg base, Reg r) {
        return emit(0x39, modrmIndirect(r, base));
    }

    /** {@code inc r32}. */
    GuestCode inc(Reg r) {
        return emit(0xFF, 0xC0 + r.number);
    }

    /** {@code dec r32}. */
    GuestCode dec(Reg r) {
        return emit(0xFF, 0xC8 + r.number);
    }

    GuestCode nop() {
        return emit(0x90);
    }

    GuestCode pause() {
        return emit(0xF3, 0x90);
    }

    /** {@code out imm8, al}. */
    GuestCode out(int port) {
        return emit(0xE6, port8(port));
    }

    /** {@code in al, imm8}. */
    GuestCode in(int port) {
        return emit(0xE4, port8(port));
    }

    GuestCode jmp(Label target) {
        return jump(0xEB, target);
    }

    /** Jump if not zero. */
    GuestCode jnz(Label target) {
        return jump(0x75, target);
    }

    /** Jump if above or equal, unsigned (carry clear). */
    GuestCode jae(Label target) {
        return jump(0x73, target);
    }

    private GuestCode jump(int opcode, Label target) {
        emit(opcode);
        int at = bytes.size();
        if (target.position >= 0) {
            bytes.write(rel8(target.position - (at + 1)));
        } else {
            target.pendingRel8.add(at);
            bytes.write(0);
        }
        return this;
    }

    private static int modrmIndirect(Reg reg, Reg base) {
        // mod 00 with rm 4 (SIB) or 5 (RIP-relative) would mean something else; the Reg enum has neither.
        return (reg.number << 3) | base.number;
    }

    private static int port8(int port) {
        if (port < 0 || port > 0xFF) throw new IllegalArgumentException("port 0x" + Integer.toHexString(port) + " needs dx, not imm8");
        return port;
    }

    private static byte rel8(int displacement) {
        if (displacement < Byte.MIN_VALUE || displacement > Byte.MAX_VALUE) {
            throw new IllegalArgumentException("jump of " + displacement + " bytes does not fit rel8");
        }
        return (byte) displacement;
    }

    private GuestCode imm32(int v) {
        for (int i = 0; i < 4; i++) bytes.write(v >>> (8 * i));
        return this;
    }

    private GuestCode emit(int... b) {
        for (int x : b) bytes.write(x);
        return this;
    }
}
