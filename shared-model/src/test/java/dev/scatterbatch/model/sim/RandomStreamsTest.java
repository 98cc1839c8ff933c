package dev.scatterbatch.model.sim;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RandomStreamsTest {

    @Test
    void sameSeedAndNameGiveTheSameNumbers() {
        assertThat(new RandomStreams(42).stream("guest-0/allocator").nextLong())
                .isEqualTo(new RandomStreams(42).stream("guest-0/allocator").nextLong());
    }

    @Test
    void differentNamesOrSeedsGiveDifferentStreams() {
        long a = new RandomStreams(42).stream("guest-0/allocator").nextLong();
        assertThat(new RandomStreams(42).stream("guest-1/allocator").nextLong()).isNotEqualTo(a);
        assertThat(new RandomStreams(43).stream("guest-0/allocator").nextLong()).isNotEqualTo(a);
    }
}
