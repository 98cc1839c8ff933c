package dev.scatterbatch.app.tune;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParallelMapTest {

    @Test
    void resultsComeInItemOrderAndEveryItemIsCounted() {
        List<Integer> items = IntStream.range(0, 200).boxed().toList();
        AtomicInteger done = new AtomicInteger();
        List<Integer> squares = ParallelMap.map(items, i -> i * i, 4, done::incrementAndGet);
        assertThat(squares).isEqualTo(items.stream().map(i -> i * i).toList());
        assertThat(done).hasValue(200);
    }

    @Test
    void theFirstFailureInItemOrderIsThrown() {
        List<Integer> items = IntStream.range(0, 50).boxed().toList();
        assertThatThrownBy(() -> ParallelMap.map(items, i -> {
            if (i >= 7) throw new IllegalArgumentException("bad " + i);
            return i;
        }, 3, () -> { })).hasMessage("bad 7");
    }
}
