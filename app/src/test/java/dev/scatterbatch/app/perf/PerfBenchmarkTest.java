package dev.scatterbatch.app.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scatterbatch.app.run.Transport;
import dev.scatterbatch.app.run.WorldSpec;
import dev.scatterbatch.guest.workload.WorkloadLoader;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.scenario.Scenario;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PerfBenchmarkTest {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static WorldSpec perRange(int iterations) {
        return new WorldSpec(Scenario.PER_RANGE, TrapCostProfile.defaults(), WorkloadLoader.load("seed-opencl"), 42, 1,
                iterations, WorldSpec.DEFAULT_HOST_RAM, 0);
    }

    @Test
    void theHotPathHeapIsMeasuredFromTheEndOfTheSetUpIterationsToTheEndOfTheWorld() {
        int iterations = PerfBenchmark.SET_UP_ITERATIONS + 2;
        long before = THREADS.getCurrentThreadAllocatedBytes();

        PerfBenchmark.DirectCount count = PerfBenchmark.countDirect(perRange(iterations), THREADS);

        long after = THREADS.getCurrentThreadAllocatedBytes();
        // seed-opencl's iterations issue the same ioctls each: the set-up is its share of them, and at most part of the
        // next iteration's, which the guest has begun when the hypervisor reports the end of the last
        long perIteration = count.ioctls() / iterations;
        assertThat(count.setUpIoctls()).isGreaterThanOrEqualTo(perIteration * PerfBenchmark.SET_UP_ITERATIONS)
                .isLessThan(perIteration * (PerfBenchmark.SET_UP_ITERATIONS + 1));
        assertThat(count.heapAfterSetUp()).isBetween(before, after);
        assertThat(count.bytesPerIoctlAfterSetUp(after)).isPositive()
                .isEqualTo((after - count.heapAfterSetUp()) / (double) (count.ioctls() - count.setUpIoctls()));
    }

    @Test
    void aWorldNoLongerThanItsSetUpIsRefused() {
        assertThatThrownBy(() -> PerfBenchmark.countDirect(perRange(PerfBenchmark.SET_UP_ITERATIONS), THREADS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("set-up iterations");
    }

    @Test
    void theJsonHasTheRatesOfOneRunAndBothHeapFigures() throws Exception {
        PerfBenchmark.IoctlRate direct = new PerfBenchmark.IoctlRate(Transport.DIRECT, 4e6, 3e6, 5e6, 4.5e6, 150.04, 180.06,
                7, 40, 320_000);
        PerfBenchmark.IoctlRate bus = new PerfBenchmark.IoctlRate(Transport.EVENTBUS, 1e6, 0.5e6, 2e6, Double.NaN, Double.NaN,
                Double.NaN, 7, 10, 80_000);

        JsonNode json = new ObjectMapper().readTree(PerfBenchmark.json(new PerfBenchmark.Result(perRange(40), direct, bus, List.of())));

        assertThat(json.get("directIoctlsPerSecond").asLong()).isEqualTo(4_000_000);
        assertThat(json.get("eventbusIoctlsPerSecond").asLong()).isEqualTo(1_000_000);
        assertThat(json.get("eventbusPercentOfDirect").asDouble()).isEqualTo(25.0);
        assertThat(json.get("directBytesPerIoctl").asDouble()).isEqualTo(150.0);
        assertThat(json.get("directBytesPerIoctlWithSetUp").asDouble()).isEqualTo(180.1);
        assertThat(json.get("directSpread").get("min").asLong()).isEqualTo(3_000_000);
    }
}
