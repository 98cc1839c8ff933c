package dev.scatterbatch.kvmprobe;

import dev.scatterbatch.model.testing.RandomizedCheck;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LatencyTest {

    @Test
    void medianOfAnOddCountIsTheMiddleSample() {
        assertThat(Latency.of(9, 1, 5).medianNs()).isEqualTo(5);
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheTwoMiddleSamples() {
        assertThat(Latency.of(4, 1, 10, 2).medianNs()).isEqualTo(3);
    }

    @Test
    void p99IsTheNearestRankSample() {
        double[] hundred = IntStream.rangeClosed(1, 100).asDoubleStream().toArray();
        assertThat(Latency.of(hundred).p99Ns()).isEqualTo(99);
        double[] thousand = IntStream.rangeClosed(1, 1000).asDoubleStream().toArray();
        assertThat(Latency.of(thousand).p99Ns()).isEqualTo(990);
        // 150 samples: rank ceil(148.5) = 149
        double[] some = IntStream.rangeClosed(1, 150).asDoubleStream().toArray();
        assertThat(Latency.of(some).p99Ns()).isEqualTo(149);
    }

    @Test
    void aSingleSampleIsItsOwnMedianAndP99() {
        Latency l = Latency.of(42);
        assertThat(l.medianNs()).isEqualTo(42);
        assertThat(l.p99Ns()).isEqualTo(42);
        assertThat(l.samples()).isEqualTo(1);
    }

    @Test
    void summarisingLeavesTheSamplesInTheirOrder() {
        double[] samples = {3, 1, 2};
        Latency.of(samples);
        assertThat(samples).containsExactly(3, 1, 2);
    }

    @Test
    void refusesNoSamplesNegativeOrNonFiniteOnes() {
        assertThatThrownBy(Latency::of).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no samples");
        assertThatThrownBy(() -> Latency.of(1, -1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-negative");
        assertThatThrownBy(() -> Latency.of(1, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Latency.of(1, Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAP99BelowTheMedian() {
        assertThatThrownBy(() -> new Latency(10, 5, 3)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("median <= p99");
    }

    @Test
    void medianAndP99LieWithinTheSamplesInOrder() {
        RandomizedCheck.forAll(1_000, rnd -> {
            double[] samples = rnd.doubles(1 + rnd.nextInt(300), 0, 1e9).toArray();
            double min = Arrays.stream(samples).min().orElseThrow();
            double max = Arrays.stream(samples).max().orElseThrow();
            Latency l = Latency.of(samples);
            assertThat(l.medianNs()).isBetween(min, max);
            assertThat(l.p99Ns()).isBetween(l.medianNs(), max);
            assertThat(l.samples()).isEqualTo(samples.length);
        });
    }

    @Test
    void summaryDoesNotDependOnSampleOrder() {
        RandomizedCheck.forAll(1_000, rnd -> {
            double[] forward = rnd.doubles(1 + rnd.nextInt(100), 0, 1e6).toArray();
            double[] sorted = forward.clone();
            Arrays.sort(sorted);
            assertThat(Latency.of(forward)).isEqualTo(Latency.of(sorted));
        });
    }
}
