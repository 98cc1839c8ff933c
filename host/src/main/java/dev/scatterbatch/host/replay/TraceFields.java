package dev.scatterbatch.host.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scatterbatch.model.config.ByteSizes;
import dev.scatterbatch.model.uapi.AllocFlags;
import dev.scatterbatch.model.uapi.Errno;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Typed reads of one trace line's fields, with the value syntax of docs/replay.md: 64-bit values as JSON numbers or
 * strings ({@code "0x7f0000000000"}, {@code "4096"}), sizes also with a unit ({@code "2MiB"}), handles also as
 * {@code "$name"}. Each read checks the value fits its C type and throws {@link TraceLineException} naming the
 * field otherwise.
 */
final class TraceFields {

    private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final Pattern HEX = Pattern.compile("0[xX][0-9a-fA-F]+");
    private static final Pattern DECIMAL = Pattern.compile("[0-9]+");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Fields any op line may carry: the recorded answer to compare and an importer's note. */
    static final Set<String> ALWAYS_ALLOWED = Set.of("expect", "note");

    private final JsonNode node;
    private final String op;
    private final boolean topLevel;

    TraceFields(JsonNode node, String op) {
        this(node, op, true);
    }

    private TraceFields(JsonNode node, String op, boolean topLevel) {
        this.node = node;
        this.op = op;
        this.topLevel = topLevel;
    }

    /** Refuses fields outside {@code known} (catches typos such as {@code "szie"}). */
    void onlyKnown(Set<String> known) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!n.equals("op") && !(topLevel && ALWAYS_ALLOWED.contains(n)) && !known.contains(n)) {
                throw new TraceLineException("unknown field '" + n + "' for op " + op + " (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    private JsonNode required(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) throw new TraceLineException("op " + op + " needs field '" + field + "'");
        return v;
    }

    /** A {@code __u64}. */
    long u64(String field) {
        return u64(field, required(field));
    }

    long u64(String field, long fallback) {
        return has(field) ? u64(field) : fallback;
    }

    /** A {@code __u32}, as its bit pattern. */
    int u32(String field) {
        return u32(field, required(field));
    }

    int u32(String field, int fallback) {
        return has(field) ? u32(field) : fallback;
    }

    /** A {@code __s32}: -2^31 to 2^31-1. */
    int s32(String field) {
        BigInteger value = integer(field, required(field), false);
        if (value.bitLength() > 31) throw new TraceLineException(field + " " + value + " is out of range for a 32-bit signed value");
        return value.intValue();
    }

    /** Whether the field is a JSON string. */
    boolean isText(String field) {
        return has(field) && node.get(field).isTextual();
    }

    /** A nested object's fields. */
    TraceFields object(String field) {
        JsonNode v = required(field);
        if (!v.isObject()) throw new TraceLineException(field + " must be an object, got " + v);
        return new TraceFields(v, op + " " + field, false);
    }

    /** A scalar field's text: a string as is, a number or boolean as JSON writes it. */
    String scalarText(String field) {
        JsonNode v = required(field);
        if (!v.isValueNode()) throw new TraceLineException(field + " must be a string or a number, got " + v);
        return v.isTextual() ? v.textValue() : v.toString();
    }

    /** The names of the fields present. */
    List<String> names() {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** A size in bytes: a u64, or a string with a binary unit; never negative. */
    long size(String field) {
        return size(field, required(field));
    }

    long size(String field, long fallback) {
        return has(field) ? size(field) : fallback;
    }

    boolean bool(String field, boolean fallback) {
        if (!has(field)) return fallback;
        JsonNode v = node.get(field);
        if (!v.isBoolean()) throw new TraceLineException(field + " must be true or false, got " + v);
        return v.booleanValue();
    }

    String text(String field) {
        JsonNode v = required(field);
        if (!v.isTextual()) throw new TraceLineException(field + " must be a string, got " + v);
        return v.textValue();
    }

    /** A handle: a u64 or {@code "$name"} bound by an earlier {@code alloc ... "as": "name"}. */
    long handle(String field, Map<String, Long> names) {
        JsonNode v = required(field);
        if (v.isTextual() && v.textValue().startsWith("$")) {
            String name = v.textValue().substring(1);
            Long h = names.get(name);
            if (h == null) throw new TraceLineException(field + " refers to $" + name + ", which no successful alloc named");
            return h;
        }
        return u64(field, v);
    }

    /** The name an {@code alloc} binds its handle to ({@code "as"}), or null. */
    String handleName() {
        if (!has("as")) return null;
        String name = text("as");
        if (!NAME.matcher(name).matches()) throw new TraceLineException("as must be a name of letters, digits and _, got '" + name + "'");
        return name;
    }

    /** {@code flags}: a list of flag names or a u32. */
    int flags(String field) {
        JsonNode v = required(field);
        if (v.isArray()) {
            int mask = 0;
            for (JsonNode n : v) {
                if (!n.isTextual()) throw new TraceLineException(field + " must list flag names, got " + n);
                try {
                    mask |= AllocFlags.bit(n.textValue());
                } catch (IllegalArgumentException e) {
                    throw new TraceLineException(field + ": " + e.getMessage());
                }
            }
            return mask;
        }
        return u32(field, v);
    }

    /** A list of names from {@code bits} (OR-ed) or a u32. */
    int namedBits(String field, Map<String, Integer> bits) {
        JsonNode v = required(field);
        if (!v.isArray()) return u32(field, v);
        int mask = 0;
        for (JsonNode n : v) {
            Integer bit = n.isTextual() ? bits.get(n.textValue()) : null;
            if (bit == null) {
                throw new TraceLineException(field + ": " + n + " is not one of " + bits.keySet().stream().sorted().toList());
            }
            mask |= bit;
        }
        return mask;
    }

    /** A list of u32 values. */
    int[] u32List(String field) {
        JsonNode v = required(field);
        if (!v.isArray()) throw new TraceLineException(field + " must be a list, got " + v);
        int[] out = new int[v.size()];
        for (int i = 0; i < out.length; i++) out[i] = u32(field + "[" + i + "]", v.get(i));
        return out;
    }

    /** A list of objects, each read by {@code element}. */
    <T> List<T> objects(String field, Function<TraceFields, T> element) {
        JsonNode v = required(field);
        if (!v.isArray()) throw new TraceLineException(field + " must be a list, got " + v);
        List<T> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            if (!e.isObject()) throw new TraceLineException(field + "[" + i + "] must be an object, got " + e);
            out.add(element.apply(new TraceFields(e, op + " " + field + "[" + i + "]", false)));
        }
        return out;
    }

    /** An errno by name ({@code "EBUSY"}) or positive number. */
    Errno errno(String field) {
        JsonNode v = required(field);
        if (v.isTextual()) {
            return Errno.byName(v.textValue()).orElseThrow(() -> new TraceLineException(field + " '" + v.textValue() + "' is not an errno the model knows"));
        }
        int n = u32(field, v);
        return Errno.byNumber(n).orElseThrow(() -> new TraceLineException(field + " " + Integer.toUnsignedString(n) + " is not an errno the model knows"));
    }

    private static long u64(String field, JsonNode v) {
        BigInteger value = integer(field, v, false);
        if (value.signum() < 0 || value.compareTo(U64_MAX) > 0) {
            throw new TraceLineException(field + " " + value + " is out of range for a 64-bit unsigned value");
        }
        return value.longValue();
    }

    private static int u32(String field, JsonNode v) {
        BigInteger value = integer(field, v, false);
        if (value.signum() < 0 || value.bitLength() > 32) {
            throw new TraceLineException(field + " " + value + " is out of range for a 32-bit unsigned value");
        }
        return value.intValue();
    }

    private static long size(String field, JsonNode v) {
        BigInteger value = integer(field, v, true);
        if (value.signum() < 0) throw new TraceLineException(field + " must not be negative, got " + value);
        if (value.compareTo(U64_MAX) > 0) throw new TraceLineException(field + " " + value + " is out of range for a 64-bit size");
        return value.longValue();
    }

    private static BigInteger integer(String field, JsonNode v, boolean units) {
        if (v.isIntegralNumber()) return v.bigIntegerValue();
        if (v.isNumber()) throw new TraceLineException(field + " must be a whole number, got " + v);
        if (v.isTextual()) {
            String t = v.textValue().trim();
            if (HEX.matcher(t).matches()) return new BigInteger(t.substring(2), 16);
            if (DECIMAL.matcher(t).matches()) return new BigInteger(t);
            if (t.startsWith("-") && DECIMAL.matcher(t.substring(1)).matches()) return new BigInteger(t);
            if (units) {
                try {
                    return BigInteger.valueOf(ByteSizes.parse(t));
                } catch (IllegalArgumentException e) {
                    throw new TraceLineException(field + ": " + e.getMessage());
                }
            }
        }
        throw new TraceLineException(field + " must be a number or a string such as \"0x1000\", got " + v);
    }
}
