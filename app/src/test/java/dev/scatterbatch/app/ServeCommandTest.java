package dev.scatterbatch.app;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServeCommandTest {

    @Test
    void serveForADurationLogsWhereItListensAndWhereItStoppedAndExitsZero() {
        CliRunner r = CliRunner.run("serve", "--port", "0", "--duration", "1.5", "--iterations", "3", "--scenarios", "per-range");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("serving http://127\\.0\\.0\\.1:\\d+/ ")
                .containsPattern("stopped at virtual time \\d+\\.\\d{3} s");
    }

    @Test
    void badSpeedPortDurationOrTransportIsRefusedWithExitCode2NamingTheOption() {
        assertThat(CliRunner.run("serve", "--speed", "0").err()).contains("--speed must be above 0");
        assertThat(CliRunner.run("serve", "--port", "70000").exitCode()).isEqualTo(Main.EXIT_USAGE);
        CliRunner duration = CliRunner.run("serve", "--duration", "-1");
        assertThat(duration.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(duration.err()).contains("--duration must be above 0");
        assertThat(CliRunner.run("serve", "--transport", "cluster").err()).contains("serve runs direct or eventbus");
    }

    @Test
    void aNonLoopbackBindWithoutATokenIsRefused() {
        CliRunner r = CliRunner.run("serve", "--bind", "0.0.0.0", "--token", "");

        assertThat(r.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("not a loopback address", "--token");
    }
}
