package dev.scatterbatch.app.tune;

import dev.scatterbatch.model.config.ByteSizes;
import dev.scatterbatch.model.cost.Durations;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * What a sweep axis carries: how its values are written and read, whether a range can interpolate them, and how
 * a CSV column and a chart axis show them. Durations count in ns and sizes in bytes, as profiles and workloads do.
 */
public enum Quantity {
    /** A duration with a unit ({@code 20us}); counted in ns. */
    DURATION("_ns"),
    /** A byte size ({@code 16000KiB}); counted in bytes. */
    BYTES("_bytes"),
    /** A whole number ({@code 8}). */
    WHOLE(""),
    /** A real number ({@code 0.05}). */
    NUMBER(""),
    /** A name from a fixed set ({@code host-vmm}, {@code true}); lists only, no ranges. */
    CHOICE("");

    /** Interpolated real numbers keep this many significant digits, so labels read 0.0575, not 0.057500000000000004. */
    private static final MathContext INTERPOLATED = new MathContext(6);

    private final String csvSuffix;

    Quantity(String csvSuffix) {
        this.csvSuffix = csvSuffix;
    }

    /** Appended to the axis name in a CSV header: the unit the column counts in. */
    public String csvSuffix() {
        return csvSuffix;
    }

    /** Whether ranges ({@code a..b:n}) make sense: every kind but choices. */
    public boolean numeric() {
        return this != CHOICE;
    }

    /** The value {@code text} as a number (ns, bytes or the number itself). */
    double parse(String text) {
        return switch (this) {
            case DURATION -> Durations.parseNs(text);
            case BYTES -> ByteSizes.parse(text);
            case WHOLE -> Long.parseLong(text.trim());
            case NUMBER -> Double.parseDouble(text.trim());
            case CHOICE -> throw new IllegalArgumentException("'" + text + "' is a name, not a number");
        };
    }

    /** The nearest value of this kind to {@code x}: whole ns, bytes and counts; six significant digits otherwise. */
    double snap(double x) {
        return this == NUMBER ? new BigDecimal(x).round(INTERPOLATED).doubleValue() : Math.rint(x);
    }

    /** {@code x} written as a workload or profile would write it. */
    String format(double x) {
        return switch (this) {
            case DURATION -> Durations.format((long) x);
            case BYTES -> ByteSizes.format((long) x);
            case WHOLE -> Long.toString((long) x);
            case NUMBER -> plain(x);
            case CHOICE -> throw new IllegalArgumentException("a choice has no number");
        };
    }

    /** A CSV cell: the plain number in the column's unit. */
    String csv(double x) {
        return this == NUMBER ? plain(x) : Long.toString((long) x);
    }

    /** The kind of the workload field values {@code texts}: the narrowest that reads all of them. */
    static Quantity infer(List<String> texts) {
        if (texts.stream().allMatch(Quantity::isDuration)) return DURATION;
        if (texts.stream().anyMatch(Quantity::hasByteUnit) && texts.stream().allMatch(Quantity::isBytes)) return BYTES;
        if (texts.stream().allMatch(t -> t.trim().matches("[-+]?\\d+"))) return WHOLE;
        if (texts.stream().allMatch(Quantity::isNumber)) return NUMBER;
        return CHOICE;
    }

    private static boolean isDuration(String t) {
        return parses(t, Durations::parseNs);
    }

    private static boolean hasByteUnit(String t) {
        return t.trim().matches(".*\\d\\s*(B|KiB|MiB|GiB|TiB|K|M|G|T)");
    }

    private static boolean isBytes(String t) {
        return parses(t, ByteSizes::parse);
    }

    private static boolean parses(String t, ToLongFunction<String> parser) {
        try {
            parser.applyAsLong(t);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isNumber(String t) {
        try {
            double d = Double.parseDouble(t.trim());
            return Double.isFinite(d) && !t.trim().matches(".*[fFdD]$");
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String plain(double x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e15) return Long.toString((long) x);
        return BigDecimal.valueOf(x).stripTrailingZeros().toPlainString().toLowerCase(Locale.ROOT);
    }
}
