package dev.scatterbatch.model.cost;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CostLedgerTest {

    @Test
    void totalIsTheSumOfTheChargesWhateverWayTheyArrived() {
        Component[] components = Component.values();
        CostLedger ledger = new CostLedger();
        Random random = new Random(11);
        for (int i = 0; i < 1_000; i++) {
            switch (random.nextInt(4)) {
                case 0 -> ledger.charge(components[random.nextInt(components.length)], random.nextInt(1_000_000));
                case 1 -> {
                    CostLedger other = new CostLedger();
                    other.charge(components[random.nextInt(components.length)], random.nextInt(1_000));
                    ledger.addAll(other);
                }
                case 2 -> {
                    long[] charges = new long[components.length];
                    charges[random.nextInt(charges.length)] = random.nextInt(1_000);
                    ledger.addAll(charges);
                }
                default -> {
                    if (random.nextInt(10) == 0) ledger.clear();
                }
            }
            long sum = 0;
            for (long ns : ledger.toArray()) sum += ns;
            assertThat(ledger.totalNs()).isEqualTo(sum);
        }
    }

    @Test
    void refusesANegativeCharge() {
        CostLedger ledger = new CostLedger();
        assertThatThrownBy(() -> ledger.charge(Component.TRANSPORT, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative charge -1");
        assertThat(ledger.totalNs()).isZero();
    }
}
