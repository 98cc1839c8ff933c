package dev.scatterbatch.app.serve;

import dev.scatterbatch.app.ServeCommand;
import dev.scatterbatch.app.run.Transport;
import dev.scatterbatch.app.run.WorldSpec;
import dev.scatterbatch.guest.workload.WorkloadLoader;
import dev.scatterbatch.model.cost.Parameter;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.metrics.MetricNames;
import dev.scatterbatch.model.scenario.Scenario;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LiveServerTest {

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"DIRECT", "EVENTBUS"})
    @Timeout(60) // a stop that hangs fails here instead of hanging the build
    void closingStopsTheWorldsAndReleasesThePort(Transport transport) throws IOException, InterruptedException {
        StringWriter log = new StringWriter();
        LiveServer server = ServeCommand.start(new PrintWriter(log, true), "--port", "0", "--iterations", "3",
                "--scenarios", "per-range", "--transport", transport.key());
        int port = server.port();
        while (server.model().virtualNs() == 0) Thread.sleep(50);

        server.close();

        assertThat(server.awaitStop(Duration.ZERO)).isTrue();
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
        assertThat(log.toString()).contains("transport " + transport.key()).containsPattern("stopped at virtual time \\d+\\.\\d{3} s");
    }

    @Test
    void changesSubmittedWithinOneStepAllApplyTogetherAsOneChange() {
        Vertx vertx = Vertx.vertx();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<String> log = new ArrayList<>();
        WorldSpec spec = new WorldSpec(Scenario.PER_RANGE, TrapCostProfile.defaults(), WorkloadLoader.load("seed-opencl"), 42, 1, 3,
                WorldSpec.DEFAULT_HOST_RAM, 0);
        LiveModel model = new LiveModel(spec, List.of(Scenario.PER_RANGE), Transport.DIRECT, registry, vertx, log::add);
        try {
            TrapCostProfile base = model.profile();
            model.submit(base.with(Parameter.KFD_ALLOC_FIXED, 40_000L), Map.of(Parameter.KFD_ALLOC_FIXED, 40_000L));
            model.submit(base.with(Parameter.FAULT_PER_PAGE, 500L), Map.of(Parameter.FAULT_PER_PAGE, 500L));

            model.advanceTo(1_000_000);

            assertThat(model.profile().kfdAllocFixedNs()).isEqualTo(40_000);
            assertThat(model.profile().faultPerPageNs()).isEqualTo(500);
            assertThat(registry.get(MetricNames.PARAMETER_CHANGES.meterName()).counter().count()).isEqualTo(1);
            assertThat(log).containsExactly("params: kfdAllocFixed 14us -> 40us, faultPerPage 100ns -> 500ns from virtual time 0.000 s (change 1)");
        } finally {
            model.close();
            vertx.close().await();
        }
    }

    @Test
    @Timeout(60)
    void aTokenGivenOnALoopbackBindIsRequiredAndItsSchemeIsCaseInsensitive() throws IOException, InterruptedException {
        try (LiveServer server = ServeCommand.start(new PrintWriter(new StringWriter(), true), "--port", "0", "--iterations", "3",
                "--scenarios", "per-range", "--token", "s3cret");
             HttpClient http = HttpClient.newHttpClient()) {
            HttpRequest.Builder put = HttpRequest.newBuilder(server.url().resolve("/api/params"))
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"faultPerPage\": \"500ns\"}"));

            assertThat(http.send(put.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
            assertThat(http.send(put.header("Authorization", "bearer s3cret").build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(200);
        }
    }

    @Test
    @Timeout(60)
    void madeUpHttpMethodsAddNoMetricSeries() throws IOException, InterruptedException {
        try (LiveServer server = ServeCommand.start(new PrintWriter(new StringWriter(), true), "--port", "0", "--iterations", "3",
                "--scenarios", "per-range");
             HttpClient http = HttpClient.newHttpClient()) {
            for (String method : List.of("FOO", "BAR", "BAZ")) {
                HttpRequest request = HttpRequest.newBuilder(server.url().resolve("/api/params"))
                        .method(method, HttpRequest.BodyPublishers.noBody()).build();
                assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
            }
            String scrape = http.send(HttpRequest.newBuilder(server.url().resolve("/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();

            assertThat(scrape).contains("method=\"other\"").doesNotContain("method=\"FOO\"", "method=\"BAR\"", "method=\"BAZ\"");
        }
    }

    @Test
    @Timeout(60)
    void anIpv6BindIsLoggedWithItsAddressInBrackets() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            probe.getLocalPort();
        } catch (IOException e) {
            Assumptions.abort("this host has no IPv6 loopback: " + e.getMessage());
        }
        StringWriter log = new StringWriter();
        try (LiveServer server = ServeCommand.start(new PrintWriter(log, true), "--bind", "::1", "--port", "0", "--iterations", "3",
                "--scenarios", "per-range")) {
            assertThat(log.toString()).contains("serving http://[::1]:" + server.port() + "/ ");
        }
    }

    @Test
    void theLiveStatusHasEachScenariosScoreShareOfBareMetalAndTimePerComponentOnceAnIterationEnded() {
        Vertx vertx = Vertx.vertx();
        WorldSpec spec = new WorldSpec(Scenario.BARE_METAL, TrapCostProfile.defaults(), WorkloadLoader.load("seed-opencl"), 42, 1, 3,
                WorldSpec.DEFAULT_HOST_RAM, 0);
        LiveModel model = new LiveModel(spec, List.of(Scenario.BARE_METAL, Scenario.PER_RANGE), Transport.DIRECT,
                new SimpleMeterRegistry(), vertx, line -> { });
        try {
            assertThat((List<?>) model.status().get("scenarios")).allSatisfy(s -> assertThat(((Map<?, ?>) s).containsKey("score")).isFalse());

            model.advanceTo(1_000_000_000L);

            Map<?, ?> perRange = (Map<?, ?>) ((List<?>) model.status().get("scenarios")).get(1);
            assertThat(perRange.get("scenario")).isEqualTo("per-range");
            assertThat((Double) perRange.get("score")).isCloseTo(79_895, within(10.0));
            assertThat((Double) perRange.get("percentOfBareMetal")).isCloseTo(40, within(0.1));
            Map<?, ?> ms = (Map<?, ?>) perRange.get("msPerIteration");
            assertThat((Double) ms.get("kfdFixed")).isCloseTo(28, within(0.01)); // 2000 ALLOCs of 14 us (the refit default)
        } finally {
            model.close();
            vertx.close().await();
        }
    }
}
