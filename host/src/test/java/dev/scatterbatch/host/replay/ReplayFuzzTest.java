package dev.scatterbatch.host.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.testing.RandomizedCheck;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Fuzzes replay with seeded random input: random bytes, and the example traces' lines mutated (truncated, a value
 * of the wrong type, huge numbers, deep nesting, flipped bytes, duplicate or missing fields, lines spliced). Every
 * line that is not blank or a comment gets exactly one output line, a JSON object naming that line; a line not
 * understood changes nothing; the model's invariants hold after every line; nothing throws or hangs; and the
 * streaming replay prints exactly what the line-by-line run did. Bounded: a few seconds.
 */
class ReplayFuzzTest {

    private static final int TRACES = 300;
    /** Far above what the bounded work here needs on a loaded 2-core machine: a hang fails, slowness does not. */
    private static final Duration HANG = Duration.ofSeconds(300);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PLACEHOLDER = "\u0001value\u0001";
    private static final String[] WRONG_TYPES = {"\"x\"", "[]", "{}", "null", "true", "-1", "1.5", "\"\"", "[1, 2]", "{\"start\": 1}"};
    private static final String[] HUGE_NUMBERS = {"18446744073709551616", "1e400", "-9223372036854775809", "\"0xffffffffffffffffff\"",
            "99999999999999999999999999999999999999", "\"1e3GiB\"", "\"99999999TiB\"", "\"18446744073709551615\"", "-0", "4.9e-324",
            "\"0x\"", "\"-0x1\"", "1" + "0".repeat(200)};

    private static final String JSONISH = "{}[]\":, 0123456789abcdefxop-.eE\\\u00e9#\r\t";

    private static List<String> exampleLines;

    @BeforeAll
    static void readExampleTraces() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("..", "examples", "traces"))) {
            exampleLines = files.filter(p -> p.toString().endsWith(".jsonl")).sorted().flatMap(ReplayFuzzTest::lines)
                    .filter(l -> l.startsWith("{\"op\"")).toList();
        }
        assertThat(exampleLines).hasSizeGreaterThan(20);
    }

    @Test
    void randomBytesGiveOneJsonLinePerLineAndKeepTheModelConsistent() {
        assertTimeoutPreemptively(HANG, () -> RandomizedCheck.forAll(TRACES, rnd -> replayChecked(randomBytes(rnd))));
    }

    @Test
    void mutatedExampleTracesGiveOneJsonLinePerLineAndKeepTheModelConsistent() {
        assertTimeoutPreemptively(HANG, () -> RandomizedCheck.forAll(TRACES, rnd -> {
            ByteArrayOutputStream trace = new ByteArrayOutputStream();
            int n = 5 + rnd.nextInt(30);
            for (int i = 0; i < n; i++) {
                String line = exampleLines.get(rnd.nextInt(exampleLines.size()));
                byte[] bytes = (rnd.nextInt(3) == 0 ? line : mutate(line, rnd)).getBytes(StandardCharsets.UTF_8);
                if (rnd.nextInt(10) == 0) bytes[rnd.nextInt(bytes.length)] = (byte) rnd.nextInt(256);
                trace.writeBytes(bytes);
                trace.write('\n');
            }
            replayChecked(trace.toByteArray());
        }));
    }

    /** Runs {@code trace} line by line with every check, then as one stream; both print the same. */
    private static void replayChecked(byte[] trace) {
        ReplayRunner runner = new ReplayRunner(TrapCostProfile::defaults);
        StringBuilder expected = new StringBuilder();
        int lines = 0;
        try {
            TraceLines in = new TraceLines(new ByteArrayInputStream(trace));
            for (TraceLines.Line line = in.next(); line != null; line = in.next()) {
                lines++;
                String context = "line " + line.number() + ": " + (line.text() != null ? line.text() : line.error());
                KfdInvariants.Snapshot before = KfdInvariants.Snapshot.of(runner.process());
                String out = line.error() != null ? runner.reject(line.number(), line.error()) : runner.run(line.number(), line.text());
                if (out == null) {
                    assertThat(line.text().strip()).as(context).matches("(?s)|#.*");
                } else {
                    JsonNode result = JSON.readTree(out);
                    assertThat(out).as(context).doesNotContain("\n");
                    assertThat(result.path("line").asInt()).as(context).isEqualTo(line.number());
                    assertThat(result.has("op") != result.has("error")).as("op or error: %s%n%s", out, context).isTrue();
                    if (result.has("error")) {
                        assertThat(KfdInvariants.Snapshot.of(runner.process())).as(context).isEqualTo(before);
                    }
                    expected.append(out).append('\n');
                }
                KfdInvariants.check(runner.process(), () -> context);
            }
            // a trace whose lines carry recorded answers ends with the summary line
            String summary = runner.summary();
            if (summary != null) expected.append(summary).append('\n');
            StringBuilder streamed = new StringBuilder();
            ReplayRunner.replay(new ByteArrayInputStream(trace), streamed, TrapCostProfile::defaults);
            assertThat(streamed.toString()).isEqualTo(expected.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(lines).as(HexFormat.of().formatHex(trace)).isEqualTo(lineCount(trace));
    }

    private static int lineCount(byte[] trace) {
        int n = 0;
        for (byte b : trace) if (b == '\n') n++;
        return trace.length > 0 && trace[trace.length - 1] != '\n' ? n + 1 : n;
    }

    /** Up to 30 lines of random bytes, some printable ASCII, some JSON-ish, some anything. */
    private static byte[] randomBytes(SplittableRandom rnd) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int lines = 1 + rnd.nextInt(30);
        for (int i = 0; i < lines; i++) {
            int length = rnd.nextInt(4) == 0 ? rnd.nextInt(2000) : rnd.nextInt(80);
            int alphabet = rnd.nextInt(3);
            if (alphabet == 2) out.writeBytes("{\"op\": \"".getBytes(StandardCharsets.UTF_8));
            for (int j = 0; j < length; j++) {
                int b = switch (alphabet) {
                    case 0 -> rnd.nextInt(256);
                    default -> JSONISH.charAt(rnd.nextInt(JSONISH.length()));
                };
                if (b != '\n') out.write(b);
            }
            if (rnd.nextInt(20) > 0) out.write('\n');
        }
        return out.toByteArray();
    }

    /** One mutation of a valid op line. */
    private static String mutate(String line, SplittableRandom rnd) {
        ObjectNode object;
        try {
            object = (ObjectNode) JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> keys = new ArrayList<>();
        object.fieldNames().forEachRemaining(keys::add);
        String key = keys.get(rnd.nextInt(keys.size()));
        return switch (rnd.nextInt(9)) {
            case 0 -> line.substring(0, rnd.nextInt(line.length()));
            case 1 -> replaceValue(object, key, WRONG_TYPES[rnd.nextInt(WRONG_TYPES.length)]);
            case 2 -> replaceValue(object, key, HUGE_NUMBERS[rnd.nextInt(HUGE_NUMBERS.length)]);
            case 3 -> {
                int depth = new int[]{3, 15, 17, 200, 50_000}[rnd.nextInt(5)];
                boolean arrays = rnd.nextBoolean();
                String open = arrays ? "[" : "{\"a\": ";
                yield replaceValue(object, key, open.repeat(depth) + "1" + (arrays ? "]" : "}").repeat(depth));
            }
            case 4 -> line.substring(0, line.length() - 1) + ", \"" + key + "\": " + object.get(key) + "}";
            case 5 -> {
                object.remove(key);
                yield object.toString();
            }
            case 6 -> line + (rnd.nextBoolean() ? " " + exampleLines.get(rnd.nextInt(exampleLines.size())) : " trailing");
            case 7 -> replaceValue(object, key, "\"" + "\u00e9\u4e2d\ud83d\ude00\\u0000".repeat(1 + rnd.nextInt(2000)) + "\"");
            default -> {
                int at = rnd.nextInt(line.length());
                yield line.substring(0, at) + (char) rnd.nextInt(0x20) + line.substring(at);
            }
        };
    }

    private static String replaceValue(ObjectNode object, String key, String rawJson) {
        ObjectNode copy = object.deepCopy();
        copy.put(key, PLACEHOLDER);
        return copy.toString().replace(JSON.valueToTree(PLACEHOLDER).toString(), rawJson);
    }

    private static Stream<String> lines(Path p) {
        try {
            return Files.readAllLines(p, StandardCharsets.UTF_8).stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
