package dev.scatterbatch.app.run;

import dev.scatterbatch.guest.workload.WorkloadLoader;
import dev.scatterbatch.host.verticle.HostGpuVerticle;
import dev.scatterbatch.model.cost.Component;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.scenario.Scenario;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.internal.VertxInternal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Faults on the event bus mid-run: the host verticle undeployed, and a host that never replies. The run fails in
 * one sentence naming the missing peer, within its timeout; nothing hangs (closing the broken world included); and
 * a new world on the same Vert.x gives the same numbers as a run before the fault.
 */
class EventBusFaultTest {

    private static final WorldSpec SPEC = new WorldSpec(Scenario.BATCH, TrapCostProfile.defaults(), WorkloadLoader.load("seed-opencl"),
            42, 1, 3, WorldSpec.DEFAULT_HOST_RAM, 0);
    /** Virtual time in which setup and the first iteration finish (an iteration is about 53 ms). */
    private static final long FIRST_ITERATION_NS = 100_000_000L;
    private static final long PEER_TIMEOUT_MS = 2_000;
    /** Generous: nothing here should take more than a few seconds; a hang fails instead of stalling the build. */
    private static final Duration HANG = Duration.ofSeconds(120);

    private Vertx vertx;
    private BusNodes nodes;

    /** What two runs of the same world must agree on. */
    private record Numbers(int iterations, double meanIterationNs, Map<Component, Double> attribution, long forwarded, long ioctls) {
        static Numbers of(RunStatistics s) {
            return new Numbers(s.iterations(), s.meanIterationNs(), s.attributionPerIteration(), s.forwardedRequests(), s.hostIoctls());
        }
    }

    @BeforeEach
    void startVertx() {
        vertx = Vertx.vertx();
        nodes = new BusNodes(vertx, vertx);
    }

    @AfterEach
    void closeVertx() {
        nodes.close();
    }

    @Test
    void theHostVerticleUndeployedMidRunFailsTheRunNamingItAndARedeployedWorldGivesTheSameNumbers() {
        assertTimeoutPreemptively(HANG, () -> {
            Numbers before = Numbers.of(Benchmark.runWorldOn(SPEC, Transport.EVENTBUS, nodes));
            Set<String> earlier = Set.copyOf(vertx.deploymentIDs());
            World world = World.create(SPEC, Transport.EVENTBUS, new RunStatistics(), nodes, PEER_TIMEOUT_MS);
            try {
                assertThat(world.runUntil(FIRST_ITERATION_NS)).as("finished already").isFalse();
                vertx.undeploy(hostDeployment(earlier)).await();

                assertThatThrownBy(() -> world.runUntil(Long.MAX_VALUE / 4))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageMatching("world w\\d+-batch stopped: nobody listens at scatterbatch\\.w\\d+-batch\\.host\\.gpu "
                                + "\\(the peer is not deployed or has died\\)");
            } finally {
                world.close();
            }
            assertThat(Numbers.of(Benchmark.runWorldOn(SPEC, Transport.EVENTBUS, nodes))).isEqualTo(before);
        });
    }

    @Test
    void aHostReplyThatNeverComesFailsTheRunAfterItsTimeoutNamingThePeer() {
        assertTimeoutPreemptively(HANG, () -> {
            Numbers before = Numbers.of(Benchmark.runWorldOn(SPEC, Transport.EVENTBUS, nodes));
            World world = World.create(SPEC, Transport.EVENTBUS, new RunStatistics(), nodes, PEER_TIMEOUT_MS);
            Handler<DeliveryContext<Object>> swallowHostRequests = delivery -> {
                if (!delivery.message().address().endsWith(".host.gpu")) delivery.next();
            };
            try {
                assertThat(world.runUntil(FIRST_ITERATION_NS)).isFalse();
                vertx.eventBus().addInboundInterceptor(swallowHostRequests);
                long started = System.nanoTime();

                assertThatThrownBy(() -> world.runUntil(Long.MAX_VALUE / 4))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageMatching("world w\\d+-batch stopped: no answer from scatterbatch\\.w\\d+-batch\\.host\\.gpu "
                                + "before the timeout \\(a dead peer\\?\\)");
                // it waited for the reply (however slow the machine, never less than the timeout)
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(PEER_TIMEOUT_MS));
            } finally {
                vertx.eventBus().removeInboundInterceptor(swallowHostRequests);
                world.close();
            }
            assertThat(Numbers.of(Benchmark.runWorldOn(SPEC, Transport.EVENTBUS, nodes))).isEqualTo(before);
        });
    }

    /** The deployment of the world's host verticle: the one deployed since {@code earlier} that holds a {@link HostGpuVerticle}. */
    private String hostDeployment(Set<String> earlier) {
        var deployments = ((VertxInternal) vertx).deploymentManager();
        return vertx.deploymentIDs().stream().filter(id -> !earlier.contains(id))
                .filter(id -> deployments.deployment(id).deployment().instances().stream().anyMatch(HostGpuVerticle.class::isInstance))
                .findFirst().orElseThrow();
    }
}
