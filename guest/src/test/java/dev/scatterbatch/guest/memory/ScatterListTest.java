package dev.scatterbatch.guest.memory;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScatterListTest {

    private static final long PAGE = 4096;
    private static final long HUGE = 2L << 20;

    @Test
    void countsRunsAndBytes() {
        ScatterList list = new ScatterList(List.of(new GuestPhysicalRun(0, 2 * PAGE), new GuestPhysicalRun(8 * PAGE, PAGE)), false);
        assertThat(list.runCount()).isEqualTo(2);
        assertThat(list.totalBytes()).isEqualTo(3 * PAGE);
        assertThat(list.pages()).isEqualTo(3);
        assertThat(list.run(1)).isEqualTo(new GuestPhysicalRun(8 * PAGE, PAGE));
        assertThat(list.runs()).hasSize(2);
    }

    @Test
    void consecutiveContiguousRunsAreRefusedBecauseTheyAreOneRun() {
        assertThatThrownBy(() -> new ScatterList(List.of(new GuestPhysicalRun(0, PAGE), new GuestPhysicalRun(PAGE, PAGE)), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("runs 0 and 1 are contiguous in guest-physical space: they are one run");
    }

    @Test
    void aRunFollowingItsSuccessorInMemoryIsNotContiguousInBufferOrder() {
        ScatterList list = new ScatterList(List.of(new GuestPhysicalRun(PAGE, PAGE), new GuestPhysicalRun(0, PAGE)), false);
        assertThat(list.runCount()).isEqualTo(2);
    }

    @Test
    void hugePageRunsMustBe2MiBAligned() {
        assertThatThrownBy(() -> new ScatterList(List.of(new GuestPhysicalRun(PAGE, HUGE)), true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not 2 MiB aligned");
        assertThat(new ScatterList(List.of(new GuestPhysicalRun(HUGE, 2 * HUGE)), true).hugePages()).isTrue();
    }

    @Test
    void anEmptyListOrAMisalignedRunIsRefused() {
        assertThatThrownBy(() -> new ScatterList(List.of(), false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GuestPhysicalRun(100, PAGE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GuestPhysicalRun(0, 100)).isInstanceOf(IllegalArgumentException.class);
    }
}
