package dev.scatterbatch.model.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written with a unit: {@code 250ns}, {@code 0.25us} (or {@code µs}), {@code 1ms}, {@code 2s},
 * {@code 5min}, {@code 1h}.
 * A bare number is refused: {@code 20} could mean anything.
 */
public final class Durations {

    private static final Pattern FORMAT =
            Pattern.compile("\\s*([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)\\s*(ns|us|µs|ms|s|min|h)\\s*");

    private Durations() {
    }

    /**
     * Parses a duration to whole nanoseconds (rounded half up).
     *
     * @throws IllegalArgumentException naming the expected format when {@code text} is not a duration
     */
    public static long parseNs(String text) {
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a duration with a unit (ns, us, ms, s, min or h), such as 250ns, 0.25us or 1ms, got '" + text + "'");
        }
        BigDecimal value = new BigDecimal(m.group(1));
        BigDecimal ns = value.multiply(BigDecimal.valueOf(switch (m.group(2)) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "min" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
        }));
        BigDecimal rounded = ns.setScale(0, RoundingMode.HALF_UP);
        if (rounded.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 2)) > 0) {
            throw new IllegalArgumentException("duration '" + text + "' is too large");
        }
        return rounded.longValueExact();
    }

    /** Writes nanoseconds exactly in the largest unit not above the value: 250ns, 1.5us, 20us, 42.898ms, 2s, 1h. */
    public static String format(long ns) {
        if (ns == 0) return "0ns";
        long abs = Math.abs(ns);
        if (abs % 3_600_000_000_000L == 0) return ns / 3_600_000_000_000L + "h";
        if (abs % 60_000_000_000L == 0) return ns / 60_000_000_000L + "min";
        if (abs % 1_000_000_000L == 0) return ns / 1_000_000_000L + "s";
        if (abs >= 1_000_000L) return BigDecimal.valueOf(ns, 6).stripTrailingZeros().toPlainString() + "ms";
        if (abs >= 1_000L) return BigDecimal.valueOf(ns, 3).stripTrailingZeros().toPlainString() + "us";
        return ns + "ns";
    }
}
