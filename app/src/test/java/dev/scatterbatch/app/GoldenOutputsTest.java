package dev.scatterbatch.app;

import dev.scatterbatch.app.serve.LiveServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outputs of {@code bench}, {@code replay}, {@code params} and serve's {@code GET /api/params}, byte for byte
 * as recorded in {@code src/test/resources/golden/}: a refactoring that changes a number, a column or a field
 * fails here. After an intended change, re-record with {@code -Dgolden.record=true} and review the diff.
 */
class GoldenOutputsTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final Path TRACES = Path.of("../examples/traces");
    private static final String ALL = "bare-metal,per-range,batch,batch-v4,mremap";

    /** One recorded command line: the golden file's name and the arguments. */
    record Case(String name, List<String> args) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("bench-default.txt", List.of("bench")));
        for (String workload : List.of("seed-opencl", "scatter-4000", "llm-7b", "sd-comfyui")) {
            for (String format : List.of("table", "json", "csv")) {
                cases.add(new Case("bench-" + workload + "." + format, List.of("bench", "--workload", workload, "--scenarios", ALL,
                        "--iterations", "10", "--format", format)));
            }
        }
        cases.add(new Case("bench-split-in-guest.txt", List.of("bench", "--scenarios", ALL, "--iterations", "10",
                "--set", "splitLocation=guest")));
        cases.add(new Case("bench-synchronous-teardown.txt", List.of("bench", "--scenarios", ALL, "--iterations", "10",
                "--set", "teardown=synchronous")));
        cases.add(new Case("bench-nested.txt", List.of("bench", "--scenarios", ALL, "--iterations", "10", "--profile", "nested")));
        cases.add(new Case("bench-pressure-100.txt", List.of("bench", "--scenarios", ALL, "--iterations", "10", "--pressure", "100")));
        cases.add(new Case("bench-pressure-curve.txt", List.of("bench", "--pressure-curve", "--iterations", "10")));
        cases.add(new Case("bench-two-guests.txt", List.of("bench", "--scenarios", ALL, "--iterations", "5", "--guests", "2")));
        cases.add(new Case("bench-eventbus.txt", List.of("bench", "--scenarios", ALL, "--iterations", "5", "--transport", "eventbus")));
        cases.add(new Case("params.txt", List.of("params")));
        for (String trace : List.of("v2-batch-lifecycle", "v4-gap-invalidation", "eviction-restore-efault")) {
            cases.add(new Case("replay-" + trace + ".jsonl", List.of("replay", TRACES.resolve(trace + ".jsonl").toString())));
        }
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theCommandPrintsWhatWasRecorded(Case c) throws IOException {
        CliRunner r = CliRunner.run(c.args().toArray(String[]::new));
        assertThat(r.err()).as("stderr of %s", c.args()).isEmpty();
        compare(c.name(), r.out());
    }

    @Test
    @Timeout(120)
    void serveAnswersGetParamsAsRecorded() throws Exception {
        StringWriter log = new StringWriter();
        LiveServer server = ServeCommand.start(new PrintWriter(log, true), "--port", "0", "--iterations", "3", "--scenarios", "batch");
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/params"))
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            compare("serve-api-params.json", r.body());
        } finally {
            server.close();
            server.awaitStop(Duration.ofSeconds(60));
        }
    }

    private static void compare(String name, String actual) throws IOException {
        Path file = GOLDEN.resolve(name);
        if (Boolean.getBoolean("golden.record")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, actual);
        }
        assertThat(file).as("golden file %s (record with -Dgolden.record=true)", file).exists();
        assertThat(actual).as("output recorded in %s", file).isEqualTo(Files.readString(file));
    }
}
