package dev.scatterbatch.host.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scatterbatch.model.uapi.Errno;

import java.math.BigInteger;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Compares a line's recorded answer ({@code "expect": {"ret": -16, "errno": "EBUSY", ...}}) with the model's result
 * line: each expected field against the result field of that name. Numbers compare by value whatever their spelling
 * ({@code "0x10"} equals {@code 16}), errnos by name or number, anything else as JSON; {@code "failed": true} holds
 * when {@code ret} is negative (logs that record -1 without the errno).
 */
final class RecordedAnswer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HEX = Pattern.compile("-?0[xX][0-9a-fA-F]+");
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+");

    private RecordedAnswer() {
    }

    /**
     * {@code result} with {@code "match": true}, or {@code "match": false} and {@code "mismatch"} listing each
     * differing field's expected and actual value.
     *
     * @throws TraceLineException when {@code expect} is not an object
     */
    static Comparison compare(String result, JsonNode expect) {
        if (!expect.isObject()) throw new TraceLineException("expect must be an object of result fields, got " + expect);
        JsonNode actual;
        try {
            actual = JSON.readTree(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the model wrote a result line that is not JSON: " + result, e);
        }
        JsonLine mismatch = new JsonLine();
        boolean match = true;
        Iterator<Map.Entry<String, JsonNode>> fields = expect.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            JsonNode got = actual.get(e.getKey());
            if (!same(e.getKey(), e.getValue(), got, actual)) {
                match = false;
                mismatch.raw(e.getKey(), new JsonLine().raw("expected", e.getValue().toString())
                        .raw("got", got == null ? "null" : got.toString()).toString());
            }
        }
        String head = result.substring(0, result.length() - 1);
        String line = match ? head + ", \"match\": true}" : head + ", \"match\": false, \"mismatch\": " + mismatch + "}";
        return new Comparison(line, match);
    }

    /** A compared result line and whether it matched. */
    record Comparison(String line, boolean matched) {
    }

    private static boolean same(String field, JsonNode want, JsonNode got, JsonNode result) {
        // a log that records only that the call failed (ret -1, errno not printed)
        if (field.equals("failed")) return want.isBoolean() && want.booleanValue() == (result.path("ret").asLong(0) < 0);
        if (got == null) return want.isNull();
        if (field.equals("errno")) return errno(want).equals(errno(got));
        BigInteger w = number(want);
        BigInteger g = number(got);
        if (w != null && g != null) return w.equals(g);
        return want.equals(got);
    }

    private static String errno(JsonNode v) {
        if (v.isNumber()) return Errno.byNumber(Math.abs(v.intValue())).map(Enum::name).orElse("E" + Math.abs(v.intValue()));
        return v.asText().toUpperCase(Locale.ROOT);
    }

    private static BigInteger number(JsonNode v) {
        if (v.isIntegralNumber()) return v.bigIntegerValue();
        if (!v.isTextual()) return null;
        String t = v.textValue().trim();
        if (HEX.matcher(t).matches()) {
            boolean neg = t.startsWith("-");
            BigInteger n = new BigInteger(t.substring(neg ? 3 : 2), 16);
            return neg ? n.negate() : n;
        }
        return DECIMAL.matcher(t).matches() ? new BigInteger(t) : null;
    }
}
