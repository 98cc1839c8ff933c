package dev.scatterbatch.host.hypervisor;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BoSlotsTest {

    @Test
    void behavesLikeASortedMapOfSlotsToHandles() {
        BoSlots slots = new BoSlots();
        TreeMap<Integer, Long> expected = new TreeMap<>();
        Random random = new Random(7);
        for (int op = 0; op < 20_000; op++) {
            int slot = random.nextInt(300);
            if (random.nextInt(3) > 0) {
                long handle = 1 + random.nextInt(1_000_000);
                slots.put(slot, handle);
                expected.put(slot, handle);
            } else if (expected.containsKey(slot)) {
                assertThat(slots.remove(slot)).isEqualTo(expected.remove(slot));
            }
            assertThat(slots.contains(slot)).isEqualTo(expected.containsKey(slot));
            assertThat(slots.isEmpty()).isEqualTo(expected.isEmpty());
        }
        assertThat(slots.slots()).containsExactly(expected.keySet().stream().mapToInt(Integer::intValue).toArray());
        for (int slot : slots.slots()) assertThat(slots.get(slot)).isEqualTo(expected.get(slot));
    }

    @Test
    void refusesAnEmptySlotAndTheNullHandle() {
        BoSlots slots = new BoSlots();
        slots.put(3, 42);
        assertThat(slots.contains(-1)).isFalse();
        assertThatThrownBy(() -> slots.get(2)).isInstanceOf(IllegalStateException.class).hasMessageContaining("slot 2");
        assertThatThrownBy(() -> slots.remove(100)).isInstanceOf(IllegalStateException.class).hasMessageContaining("slot 100");
        assertThatThrownBy(() -> slots.put(1, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("handle 0");
        assertThat(slots.remove(3)).isEqualTo(42);
        assertThat(slots.isEmpty()).isTrue();
        assertThat(slots.slots()).isEmpty();
    }
}
