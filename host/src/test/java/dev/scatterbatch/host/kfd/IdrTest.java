package dev.scatterbatch.host.kfd;

import dev.scatterbatch.model.testing.RandomizedCheck;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdrTest {

    @Test
    void handsOutTheLowestFreeIdAndRefusesPastTheEnd() {
        Idr<String> idr = new Idr<>(3);
        assertThat(idr.alloc("a")).isZero();
        assertThat(idr.alloc("b")).isEqualTo(1);
        assertThat(idr.alloc("c")).isEqualTo(2);
        assertThat(idr.alloc("d")).isEqualTo(-1);
        idr.remove(1);
        assertThat(idr.find(1)).isNull();
        assertThat(idr.alloc("e")).isEqualTo(1);
        assertThat(idr.values()).containsExactly("a", "e", "c");
    }

    @Test
    void removingAnIdThatIsNotAllocatedIsRefused() {
        Idr<String> idr = new Idr<>(10);
        idr.alloc("a");
        assertThatThrownBy(() -> idr.remove(1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idr 1");
        assertThatThrownBy(() -> idr.remove(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(idr.find(-5)).isNull();
    }

    /** Against a reference that searches for the lowest id not in use, over random allocs and removes. */
    @Test
    void alwaysAllocatesTheLowestIdNotInUse() {
        RandomizedCheck.forAll(200, rnd -> {
            int end = 1 + rnd.nextInt(64);
            Idr<Integer> idr = new Idr<>(end);
            TreeMap<Integer, Integer> live = new TreeMap<>();
            for (int step = rnd.nextInt(500); step > 0; step--) {
                if (rnd.nextInt(5) < 3) {
                    int expected = 0;
                    while (live.containsKey(expected)) expected++;
                    int value = rnd.nextInt();
                    int id = idr.alloc(value);
                    if (expected >= end) {
                        assertThat(id).isEqualTo(-1);
                    } else {
                        assertThat(id).isEqualTo(expected);
                        live.put(id, value);
                    }
                } else if (!live.isEmpty()) {
                    List<Integer> ids = new ArrayList<>(live.keySet());
                    int id = ids.get(rnd.nextInt(ids.size()));
                    idr.remove(id);
                    live.remove(id);
                }
                for (int id = -1; id <= end; id++) assertThat(idr.find(id)).isEqualTo(live.get(id));
            }
            assertThat(idr.values()).containsExactlyElementsOf(live.values());
        });
    }
}
