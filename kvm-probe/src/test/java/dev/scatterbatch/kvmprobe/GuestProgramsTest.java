package dev.scatterbatch.kvmprobe;

import dev.scatterbatch.kvmprobe.GuestCode.Label;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The expected bytes are GNU as's encoding of the same instructions (objdump -d). */
class GuestProgramsTest {

    private static String hex(GuestCode code) {
        return HexFormat.of().formatHex(code.bytes());
    }

    @Test
    void portExitWritesTheExitPortForever() {
        // out %al,$0x10; jmp .-2
        assertThat(hex(GuestPrograms.portExit())).isEqualTo("e610ebfc");
    }

    @Test
    void mmioExitStoresToTheGivenAddressForever() {
        // mov $0x10000,%esi; mov %eax,(%rsi); jmp .-2
        assertThat(hex(GuestPrograms.mmioExit(0x10000))).isEqualTo("be000001008906ebfc");
    }

    @Test
    void nopLoopIsNopDecJnzThenTheBatchExit() {
        // start: mov $1000,%ecx; loop: nop; dec %ecx; jnz loop; out %al,$0x10; jmp start
        assertThat(hex(GuestPrograms.nopLoop(1000))).isEqualTo("b9e8030000" + "90ffc975fb" + "e610ebf2");
    }

    @Test
    void picReadsAndKicksPutTheirInstructionInTheLoop() {
        assertThat(hex(GuestPrograms.picReads(7))).isEqualTo("b907000000" + "e421ffc975fa" + "e610ebf1");
        assertThat(hex(GuestPrograms.pioKicks(7))).isEqualTo("b907000000" + "e650ffc975fa" + "e610ebf1");
        // mov $0xf000,%edi before the batches; mov %eax,(%rdi) in the loop
        assertThat(hex(GuestPrograms.mmioKicks(7, 0xF000))).isEqualTo("bf00f00000" + "b907000000" + "8907ffc975fa" + "e610ebf1");
    }

    @Test
    void kickAndWaitSpinsOnTheAckWordWithATimeoutExit() {
        assertThat(hex(GuestPrograms.kickAndWaitForAck(200, 0x6000))).isEqualTo(
                "bb01000000ba00600000b9c8000000e652be00000010f390391a7308ffce75f6e611ebf2ffc3ffc975e5e610ebdc");
    }

    @Test
    void aJumpBeyondRel8IsRefused() {
        GuestCode code = new GuestCode();
        Label far = new Label();
        code.jmp(far);
        for (int i = 0; i < 200; i++) code.nop();
        assertThatThrownBy(() -> code.bind(far)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rel8");
    }

    @Test
    void aPortAboveAByteIsRefused() {
        assertThatThrownBy(() -> new GuestCode().out(0x3F8)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0x3f8");
    }
}
