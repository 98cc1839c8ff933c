package dev.scatterbatch.host.replay;

import dev.scatterbatch.model.cost.TrapCostProfile;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.InputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The worked traces under {@code examples/traces/} replay to exactly their {@code .expected.jsonl} files. */
class ExampleTracesTest {

    private static final Path TRACES = Path.of("..", "examples", "traces");

    @TestFactory
    Stream<DynamicTest> everyExampleReplaysToItsExpectedOutput() throws IOException {
        List<Path> traces;
        try (Stream<Path> files = Files.list(TRACES)) {
            traces = files.filter(p -> p.toString().endsWith(".jsonl") && !p.toString().endsWith(".expected.jsonl")).sorted().toList();
        }
        assertThat(traces).hasSizeGreaterThanOrEqualTo(3);
        return traces.stream().map(trace -> DynamicTest.dynamicTest(trace.getFileName().toString(), () -> {
            Path expected = Path.of(trace.toString().replace(".jsonl", ".expected.jsonl"));
            StringBuilder out = new StringBuilder();
            boolean understood;
            try (InputStream in = Files.newInputStream(trace)) {
                understood = ReplayRunner.replay(in, out, TrapCostProfile::defaults);
            }
            assertThat(understood).isTrue();
            assertThat(out.toString()).isEqualTo(Files.readString(expected, StandardCharsets.UTF_8));
        }));
    }
}
