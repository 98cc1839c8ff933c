package dev.scatterbatch.app.cluster;

import dev.scatterbatch.app.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code host} and {@code guest} as separate JVMs on loopback, as on several machines. */
class HostGuestProcessesTest {

    private static final Duration RUN = Duration.ofMinutes(4);

    @Test
    void aHostAndTwoGuestProcessesPrintTheJsonOfBenchWithTwoGuests(@TempDir Path dir) throws Exception {
        String name = MemberProcess.uniqueClusterName("hostguests");
        String[] run = {"--iterations", "2", "--format", "json"};
        try (MemberProcess host = MemberProcess.start(dir, "host", concat(new String[]{"host", "--guests", "2", "--cluster-port", "0",
                "--cluster-name", name}, run));
             MemberProcess guest0 = guest(dir, host, name, 0);
             MemberProcess guest1 = guest(dir, host, name, 1)) {
            assertThat(host.waitFor(RUN)).as(host.err()).isZero();
            assertThat(guest0.waitFor(RUN)).as(guest0.err()).isZero();
            assertThat(guest1.waitFor(RUN)).as(guest1.err()).isZero();
            assertThat(host.out()).isEqualTo(inProcess(concat(new String[]{"bench", "--guests", "2", "--transport", "cluster"}, run)));
        }
    }

    @Test
    void aKilledGuestIsNamedItsVmmEndsAndTheOtherGuestFinishes(@TempDir Path dir) throws Exception {
        String name = MemberProcess.uniqueClusterName("deadguest");
        try (MemberProcess host = MemberProcess.start(dir, "host", "host", "--guests", "2", "--cluster-port", "0",
                "--cluster-name", name, "--iterations", "20", "--scenarios", "per-range", "--format", "json");
             MemberProcess guest0 = guest(dir, host, name, 0);
             MemberProcess guest1 = guest(dir, host, name, 1)) {
            assertThat(host.awaitErr(e -> e.contains("(2 of 2)"), RUN)).as(host.err()).isTrue();
            guest1.kill();

            assertThat(host.waitFor(RUN)).as(host.err()).isEqualTo(Main.EXIT_FAILURE);
            assertThat(host.err()).containsPattern("guest 1 at 127\\.0\\.0\\.1:\\d+ (left the cluster|does not answer)")
                    .contains("did not finish the run");
            assertThat(host.out()).containsPattern("\"error\" : \"guest 1: its process at 127\\.0\\.0\\.1:\\d+ is lost");
            assertThat(guest0.waitFor(RUN)).as(guest0.err()).isZero();
        }
    }

    @Test
    void everyGuestExitsWithOneSentenceWhenTheHostDies(@TempDir Path dir) throws Exception {
        String name = MemberProcess.uniqueClusterName("deadhost");
        try (MemberProcess host = MemberProcess.start(dir, "host", "host", "--guests", "2", "--cluster-port", "0", "--cluster-name", name);
             MemberProcess guest0 = guest(dir, host, name, 0)) {
            String at = host.clusterAddress(RUN);
            assertThat(guest0.awaitErr(e -> e.contains("joined the host"), RUN)).as(guest0.err()).isTrue();
            host.kill();

            assertThat(guest0.waitFor(RUN)).isEqualTo(Main.EXIT_FAILURE);
            assertThat(guest0.err().lines().filter(l -> l.startsWith("failed:")).toList())
                    .containsExactly("failed: guest 0: the host at " + at + " left the cluster before the run ended "
                            + "(it died or was stopped).");
        }
    }

    /** Guest {@code id} of {@code host}'s cluster, started once the host has announced its address. */
    static MemberProcess guest(Path dir, MemberProcess host, String name, int id) throws Exception {
        return MemberProcess.start(dir, "guest" + id, "guest", "--join", host.clusterAddress(RUN), "--cluster-name", name,
                "--guest-id", String.valueOf(id));
    }

    static String inProcess(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertThat(code).as(err.toString()).isZero();
        return out.toString();
    }

    static String[] concat(String[] a, String[] b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
