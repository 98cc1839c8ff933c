package dev.scatterbatch.host.replay;

/**
 * One output object written on one line with the spacing of docs/replay.md ({@code {"line": 3, "op": "alloc"}}),
 * fields in the order they are added.
 */
final class JsonLine {

    private final StringBuilder sb = new StringBuilder(96).append('{');
    private boolean empty = true;

    JsonLine number(String name, long value) {
        return raw(name, Long.toString(value));
    }

    JsonLine text(String name, String value) {
        return raw(name, quote(value));
    }

    JsonLine bool(String name, boolean value) {
        return raw(name, Boolean.toString(value));
    }

    /** A number, or {@code null} when {@code value} is null. */
    JsonLine numberOrNull(String name, Long value) {
        return raw(name, value == null ? "null" : value.toString());
    }

    /** A value already written as JSON. */
    JsonLine raw(String name, String json) {
        if (!empty) sb.append(", ");
        empty = false;
        sb.append(quote(name)).append(": ").append(json);
        return this;
    }

    @Override
    public String toString() {
        return sb + "}";
    }

    /** A JSON string literal. */
    static String quote(String s) {
        StringBuilder q = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                default -> {
                    if (c < 0x20) q.append(String.format("\\u%04x", (int) c));
                    else q.append(c);
                }
            }
        }
        return q.append('"').toString();
    }

    /** A 64-bit value as a hex string ({@code "0x100000000"}). */
    static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }
}
