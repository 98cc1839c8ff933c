package dev.scatterbatch.app.cluster;

import dev.scatterbatch.app.run.RunStatistics;
import dev.scatterbatch.app.run.Transport;
import dev.scatterbatch.app.run.World;
import dev.scatterbatch.app.run.WorldSpec;
import dev.scatterbatch.guest.workload.WorkloadLoader;
import dev.scatterbatch.model.cost.Parameter;
import dev.scatterbatch.model.cost.SplitLocation;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.scenario.Scenario;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A live profile change reaches a guest that runs as a cluster member: its split of per-range buffers follows the
 * new split location from the same virtual time as a guest in the host's JVM does.
 */
class RemoteGuestProfileTest {

    private static final WorldSpec SPEC = new WorldSpec(Scenario.PER_RANGE, TrapCostProfile.defaults(), WorkloadLoader.load("seed-opencl"),
            42, 1, 6, WorldSpec.DEFAULT_HOST_RAM, 0);
    private static final TrapCostProfile SPLIT_IN_GUEST = SPEC.profile().with(Parameter.SPLIT_LOCATION, SplitLocation.GUEST);

    @Test
    void aSplitLocationChangeMidRunReachesAGuestMemberAtTheSameVirtualTimeAsInOneJvm() throws Exception {
        RunStatistics unchanged = new RunStatistics();
        World plain = World.create(SPEC, Transport.DIRECT, unchanged, (Vertx) null);
        plain.runUntil(Long.MAX_VALUE);
        long switchNs = plain.nowNs() / 2;

        RunStatistics local = new RunStatistics();
        runSwitchingAt(World.create(SPEC, Transport.DIRECT, local, (Vertx) null), switchNs);
        assertThat(local.forwardedRequests()).as("the change matters to the run").isNotEqualTo(unchanged.forwardedRequests());

        String name = MemberProcess.uniqueClusterName("profile");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(log, true);
        RunStatistics remote = new RunStatistics();
        try (ClusterNode host = ClusterNode.start(new ClusterNode.Settings(name, "127.0.0.1", 0, 0, List.of()))) {
            GuestHosting hosting = GuestHosting.listen(host, 1, out);
            AtomicReference<Throwable> guestFailure = new AtomicReference<>();
            Thread guest = Thread.ofPlatform().start(() -> {
                try {
                    new GuestMember(new ClusterNode.Settings(name, "127.0.0.1", 0, 0, List.of(host.address())), 0, out).run(120_000);
                } catch (Throwable t) {
                    guestFailure.set(t);
                }
            });
            try {
                hosting.awaitGuests();
                runSwitchingAt(World.withRemoteGuests(SPEC, remote, host.vertx(), hosting), switchNs);
            } finally {
                hosting.finish();
                guest.join(120_000);
            }
            assertThat(guestFailure.get()).as(log.toString()).isNull();
        }
        assertThat(remote.error()).isNull();
        assertThat(remote.iterations()).isEqualTo(local.iterations());
        assertThat(remote.forwardedRequests()).isEqualTo(local.forwardedRequests());
        assertThat(remote.hostIoctls()).isEqualTo(local.hostIoctls());
        assertThat(remote.meanIterationNs()).isEqualTo(local.meanIterationNs());
    }

    private static void runSwitchingAt(World world, long switchNs) {
        try {
            world.runUntil(switchNs);
            world.setProfile(SPLIT_IN_GUEST);
            assertThat(world.runUntil(Long.MAX_VALUE)).isTrue();
        } finally {
            world.close();
        }
    }
}
