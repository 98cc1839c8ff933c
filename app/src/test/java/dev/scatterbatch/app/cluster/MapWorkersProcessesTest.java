package dev.scatterbatch.app.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code map --cluster} with {@code worker} processes on loopback, the first of them killed mid-map. */
class MapWorkersProcessesTest {

    private static final Duration RUN = Duration.ofMinutes(5);
    private static final Pattern DONE = Pattern.compile("map: (\\d+)/(\\d+) worlds done, (\\d+) retried, \\d+ workers? present");
    private static final Pattern SUMMARY = Pattern.compile("map: (\\d+) distinct worlds run, (\\d+) handed out again");

    @Test
    void aMapWhoseWorkerIsKilledGivesTheLocalMapsCsvAndChartsWithEveryWorldOnce(@TempDir Path dir) throws Exception {
        String name = MemberProcess.uniqueClusterName("map");
        // 2 workloads (one score-constant world each) and 4 cells of bare metal, per-range and batch: 14 worlds, of thousands
        // of ranges each so that one worker takes many seconds over them all; batch stalls at 4000 ranges under pressure
        String[] map = {"map", "--vary", "rangesPerBuffer=1000,4000", "--vary", "pressure=0,100", "--scenarios", "per-range,batch",
                "--iterations", "4"};
        Path clustered = Files.createDirectories(dir.resolve("clustered"));
        int port = MemberProcess.freePort();
        String[] join = {"worker", "--join", "127.0.0.1:" + port, "--cluster-name", name, "--threads", "1"};
        // the victim starts first and waits for the coordinator, so it joins before the coordinator, alone for
        // WorldFarm.ALONE_GRACE_MS, runs worlds itself (a map the coordinator finished alone would leave it nothing to join)
        try (MemberProcess victim = MemberProcess.start(dir, "worker1", join);
             MemberProcess coordinator = MemberProcess.start(dir, "coordinator", HostGuestProcessesTest.concat(map, new String[]{
                     "--out", clustered.toString(), "--cluster", "127.0.0.1:" + port, "--cluster-name", name, "--threads", "1"}))) {
            // the victim is the only worker until it is killed, as soon as it has joined (it asks for a world at once:
            // one thread, busy from its first world on); a pause before the kill would race the map's end on a fast host
            assertThat(victim.awaitErr(e -> e.contains("joined the coordinator"), RUN)).as(victim.err()).isTrue();
            victim.kill();
            try (MemberProcess survivor = MemberProcess.start(dir, "worker0", join)) {
                assertThat(coordinator.waitFor(RUN)).as(coordinator.err()).isZero();
                assertThat(survivor.err()).doesNotContain("refused");
            }
            String err = coordinator.err();
            assertThat(err).containsPattern("map: worker 127\\.0\\.0\\.1:\\d+ left the cluster");
            assertThat(err).containsPattern(DONE);
            Matcher summary = SUMMARY.matcher(err);
            assertThat(summary.find()).as(err).isTrue();
            assertThat(summary.group(1)).as("every world run once").isEqualTo("14");
            assertThat(Integer.parseInt(summary.group(2))).as("worlds handed out again").isBetween(0, 1);  // one in flight at most
        }
        Path local = Files.createDirectories(dir.resolve("local"));
        HostGuestProcessesTest.inProcess(HostGuestProcessesTest.concat(map, new String[]{"--out", local.toString()}));
        assertThat(Files.readString(clustered.resolve("map.csv"))).isEqualTo(Files.readString(local.resolve("map.csv")));
        assertThat(Files.readString(clustered.resolve("map-rangesPerBuffer-pressure.svg")))
                .isEqualTo(Files.readString(local.resolve("map-rangesPerBuffer-pressure.svg")));
    }
}
