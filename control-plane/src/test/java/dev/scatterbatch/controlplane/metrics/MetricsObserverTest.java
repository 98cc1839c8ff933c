package dev.scatterbatch.controlplane.metrics;

import dev.scatterbatch.host.hypervisor.SimulationEvent;
import dev.scatterbatch.model.uapi.Errno;
import dev.scatterbatch.model.uapi.IoctlCommand;
import dev.scatterbatch.model.wire.RestoreOutcome;
import dev.scatterbatch.model.wire.RestoreResult;
import dev.scatterbatch.model.cost.Component;
import dev.scatterbatch.model.cost.CostLedger;
import dev.scatterbatch.model.metrics.MetricNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MetricsObserverTest {

    /** K such that a 50 ms iteration scores 200,000. */
    private static final double K = 200_000 * 50e6;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MetricsObserver observer = new MetricsObserver(registry, "per-range", K);
    private long now;

    @Test
    void theScoreIsAbsentBeforeTheFirstIterationEndsAndNeverNaN() {
        assertThat(registry.find(MetricNames.BENCHMARK_SCORE.meterName()).gauge()).isNull();
        assertThat(observer.recent()).isEmpty();

        iterations(1, 50_000_000);

        assertThat(score()).isCloseTo(200_000, within(1e-6));
    }

    @Test
    void hostIoctlsAreCountedByCommandAndResultAndTimedByCommandWhetherReportedAsEventsOrCalls() {
        observer.on(new SimulationEvent.HostIoctl(0, IoctlCommand.ALLOC_MEMORY_OF_GPU, null, 2_000));
        observer.onHostIoctl(1, IoctlCommand.ALLOC_MEMORY_OF_GPU, null, 4_000);
        observer.onHostIoctl(0, IoctlCommand.ALLOC_MEMORY_OF_GPU, Errno.ENOMEM, 1_000);
        observer.onHostIoctl(0, IoctlCommand.MAP_MEMORY_TO_GPU, Errno.ENOMEM, 3_000);

        assertThat(ioctls("ALLOC_MEMORY_OF_GPU", "ok")).isEqualTo(2);
        assertThat(ioctls("ALLOC_MEMORY_OF_GPU", "ENOMEM")).isEqualTo(1);
        assertThat(ioctls("MAP_MEMORY_TO_GPU", "ENOMEM")).isEqualTo(1);
        assertThat(registry.find(MetricNames.HOST_IOCTLS.meterName()).tags(MetricNames.CMD, "MAP_MEMORY_TO_GPU",
                MetricNames.RESULT, "ok").counter()).as("a result never seen has no counter").isNull();
        var allocs = registry.get(MetricNames.IOCTL_DURATION.meterName()).tags(MetricNames.CMD, "ALLOC_MEMORY_OF_GPU").timer();
        assertThat(allocs.count()).isEqualTo(3);
        assertThat(allocs.totalTime(TimeUnit.NANOSECONDS)).isEqualTo(7_000);
    }

    private double ioctls(String cmd, String result) {
        return registry.get(MetricNames.HOST_IOCTLS.meterName())
                .tags(MetricNames.SCENARIO, "per-range", MetricNames.CMD, cmd, MetricNames.RESULT, result).counter().count();
    }

    @Test
    void theRecentWindowSplitsTheMeanIterationIntoItsComponents() {
        CostLedger cost = new CostLedger();
        cost.charge(Component.COMPUTE, 30_000_000);
        cost.charge(Component.KFD_FIXED, 20_000_000);
        observer.on(new SimulationEvent.IterationCompleted(0, 0, 0, 50_000_000, cost));
        observer.on(new SimulationEvent.IterationCompleted(0, 1, 50_000_000, 100_000_000, cost));

        MetricsObserver.Recent recent = observer.recent().orElseThrow();

        assertThat(recent.score()).isCloseTo(200_000, within(1e-6));
        assertThat(recent.nsPerIteration()).containsEntry(Component.COMPUTE, 30e6).containsEntry(Component.KFD_FIXED, 20e6)
                .containsEntry(Component.PER_PAGE, 0.0);
    }

    @Test
    void theScoreShowsOnlyTheNewIterationTimeOnceTheWindowHasPassedAfterAChange() {
        iterations(100, 50_000_000);
        iterations(1, 100_000_000);
        assertThat(score()).as("just after the change: a mix").isBetween(100_000.0, 200_000.0);

        iterations((int) (MetricsObserver.SCORE_WINDOW_NS / 100_000_000), 100_000_000);

        assertThat(score()).isCloseTo(100_000, within(1e-6));
    }

    @Test
    void iterationsLongerThanTheWindowScoreByTheLatestAlone() {
        iterations(5, 3_000_000_000L);
        iterations(1, 6_000_000_000L);

        assertThat(score()).isCloseTo(K / 6e9, within(1e-9));
    }

    @Test
    void everyRestoreResultHasASeriesAtZeroBeforeAnyRestore() {
        for (RestoreOutcome r : RestoreOutcome.values()) {
            assertThat(registry.get(MetricNames.USERPTR_RESTORES.meterName())
                    .tags(MetricNames.SCENARIO, "per-range", MetricNames.RESULT, r.key()).counter().count()).isZero();
        }
        observer.on(new SimulationEvent.RestoreFinished(0, 1, RestoreResult.retry(Errno.EBUSY)));
        assertThat(registry.get(MetricNames.USERPTR_RESTORES.meterName())
                .tags(MetricNames.RESULT, RestoreOutcome.RETRY.key()).counter().count()).isEqualTo(1);
    }

    @Test
    void rangeBucketsRiseByAtMostAQuarterAndHaveTheBundledWorkloadsRangeCountsAsEdges() {
        double[] b = MetricsObserver.RANGE_BUCKETS;
        for (int i = 1; i < b.length; i++) {
            assertThat(b[i]).as("bucket after %s", b[i - 1]).isGreaterThan(b[i - 1]);
            if (b[i - 1] >= 6) assertThat(b[i] / b[i - 1]).as("ratio %s / %s", b[i], b[i - 1]).isLessThanOrEqualTo(4.0 / 3);
        }
        assertThat(Arrays.stream(b).boxed()).contains(1.0, 500.0, 4000.0, 65536.0);
    }

    private void iterations(int count, long durationNs) {
        for (int i = 0; i < count; i++) {
            observer.on(new SimulationEvent.IterationCompleted(0, i, now, now + durationNs, new CostLedger()));
            now += durationNs;
        }
    }

    private double score() {
        return registry.get(MetricNames.BENCHMARK_SCORE.meterName()).gauge().value();
    }
}
