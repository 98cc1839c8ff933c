package dev.scatterbatch.app.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code host --serve} with a guest process: the model runs live and serves what {@code serve} serves. */
class HostServeProcessesTest {

    private static final Duration RUN = Duration.ofMinutes(4);
    private static final Pattern SERVING = Pattern.compile("serving http://127\\.0\\.0\\.1:(\\d+)/ ");

    @Test
    void aServingHostAnswersMetricsHealthAndParamsWhileItsGuestProcessRuns(@TempDir Path dir) throws Exception {
        String name = MemberProcess.uniqueClusterName("serve");
        try (MemberProcess host = MemberProcess.start(dir, "host", "host", "--guests", "1", "--serve", "--port", "0", "--speed", "5",
                "--duration", "30", "--scenarios", "per-range", "--cluster-port", "0", "--cluster-name", name);
             MemberProcess guest = HostGuestProcessesTest.guest(dir, host, name, 0)) {
            long deadline = System.nanoTime() + RUN.toNanos();
            Matcher m = SERVING.matcher("");
            while (System.nanoTime() < deadline && !(m = SERVING.matcher(host.out())).find()) Thread.sleep(200);
            assertThat(m.hitEnd()).as(host.err()).isFalse();
            String base = "http://127.0.0.1:" + m.group(1);
            HttpClient http = HttpClient.newHttpClient();

            assertThat(get(http, base + "/health")).contains("\"status\"").contains("UP");
            assertThat(get(http, base + "/api/params")).contains("\"kfdAllocFixed\"");
            String metrics = "";
            while (System.nanoTime() < deadline && !metrics.contains("scatterbatch_benchmark_score{")) {
                metrics = get(http, base + "/metrics");
                Thread.sleep(500);
            }
            assertThat(metrics).contains("scatterbatch_benchmark_score{");

            // a live change goes to the guest process too; the model goes on under it
            HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(base + "/api/params")).timeout(Duration.ofSeconds(30))
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"splitLocation\": \"guest\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            assertThat(host.awaitOut(o -> o.contains("params: splitLocation host-vmm -> guest"), RUN)).as(host.out() + host.err()).isTrue();
            assertThat(get(http, base + "/health")).contains("UP");

            assertThat(host.waitFor(RUN)).as(host.err()).isZero();
            assertThat(guest.waitFor(RUN)).as(guest.err()).isZero();
        }
    }

    private static String get(HttpClient http, String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url).isEqualTo(200);
        return r.body();
    }
}
