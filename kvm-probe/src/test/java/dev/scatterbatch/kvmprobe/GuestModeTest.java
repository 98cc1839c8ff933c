package dev.scatterbatch.kvmprobe;

import dev.scatterbatch.model.cost.ConfigException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GuestModeTest {

    @Test
    void nativeCpl0CodeKeepsTheGuestAtCpl0() {
        // a CPU runs a nop; dec; jnz loop at about 0.1 ns per instruction (docs/kvm-probe.md §2: 0.3 ns per iteration)
        assertThat(GuestMode.forCpl0Speed(0.1)).isEqualTo(GuestMode.LM0);
    }

    @Test
    void emulatedCpl0CodeMovesTheGuestToCpl3() {
        // docs/kvm-probe.md §2: about 0.55 us per instruction at CPL 0 under PVM
        assertThat(GuestMode.forCpl0Speed(550)).isEqualTo(GuestMode.LM3);
        assertThat(GuestMode.isEmulated(550)).isTrue();
        assertThat(GuestMode.isEmulated(1)).isFalse();
    }

    @Test
    void theThresholdItselfCountsAsEmulated() {
        assertThat(GuestMode.isEmulated(GuestMode.EMULATED_NS_PER_INSTRUCTION)).isTrue();
        assertThat(GuestMode.isEmulated(Math.nextDown(GuestMode.EMULATED_NS_PER_INSTRUCTION))).isFalse();
    }

    @Test
    void modesAreNamedAsInKvmMeasured() {
        assertThat(GuestMode.parse("lm3")).isEqualTo(GuestMode.LM3);
        assertThat(GuestMode.parse(" LM0 ")).isEqualTo(GuestMode.LM0);
        assertThat(GuestMode.LM3.cpl()).isEqualTo(3);
        assertThat(GuestMode.LM0.cpl()).isZero();
    }

    @Test
    void anUnknownModeNamesTheKnownOnes() {
        assertThatThrownBy(() -> GuestMode.parse("rm16")).isInstanceOf(ConfigException.class)
                .hasMessage("guest mode 'rm16' is not known: expected one of lm3, lm0");
    }
}
