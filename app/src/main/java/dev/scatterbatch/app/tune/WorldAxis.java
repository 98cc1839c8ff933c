package dev.scatterbatch.app.tune;

import dev.scatterbatch.model.config.ByteSizes;
import dev.scatterbatch.model.cost.ConfigException;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * An axis of a sweep or map that is neither a profile parameter nor a workload field but a condition of the world:
 * host memory pressure, the number of guests, nested virtualization, or the scatter of the workload's first buffer
 * kind given as ranges per buffer and range size (which set its size and run length together).
 */
public enum WorldAxis {
    /** Invalidating host memory events per simulated second on registered memory ({@code bench --pressure}). */
    PRESSURE("pressure", Quantity.NUMBER),
    /** Guests sharing the host's GPU ({@code bench --guests}). */
    GUESTS("guests", Quantity.WHOLE),
    /** {@code off} or {@code on}: every VM exit at the bundled {@code nested} profile's multiplier. */
    NESTED("nested", Quantity.CHOICE),
    /** Host VA ranges per buffer of the first buffer kind: its size becomes ranges x range size. */
    RANGES_PER_BUFFER("rangesPerBuffer", Quantity.WHOLE),
    /** Bytes per host VA range of the first buffer kind: its run length, a whole number of 4 KiB pages. */
    RANGE_SIZE("rangeSize", Quantity.BYTES);

    /** Most guests a world may have, as {@code --guests} allows. */
    public static final int MAX_GUESTS = 64;

    private final String key;
    private final Quantity quantity;

    WorldAxis(String key, Quantity quantity) {
        this.key = key;
        this.quantity = quantity;
    }

    /** The axis's name in {@code --vary} and in CSV headers. */
    public String key() {
        return key;
    }

    /** The kind of its values. */
    public Quantity quantity() {
        return quantity;
    }

    /** The world axis called {@code name}, if one is. */
    public static Optional<WorldAxis> byKey(String name) {
        return Arrays.stream(values()).filter(a -> a.key.equals(name)).findFirst();
    }

    /**
     * The value written {@code text}, checked against what the world allows; a range size is rounded to whole pages.
     *
     * @throws ConfigException one sentence saying what is allowed
     */
    public AxisValue value(String text) {
        String t = text.trim();
        return switch (this) {
            case PRESSURE -> {
                double rate = number(t);
                if (!(rate >= 0) || Double.isInfinite(rate)) throw new ConfigException("a pressure is 0 or more events per second, got " + t);
                yield new AxisValue(Quantity.NUMBER.format(rate), rate);
            }
            case GUESTS -> {
                long n = whole(t);
                if (n < 1 || n > MAX_GUESTS) throw new ConfigException("guests must be 1 to " + MAX_GUESTS + ", got " + t);
                yield new AxisValue(Long.toString(n), n);
            }
            case NESTED -> {
                String v = t.toLowerCase(Locale.ROOT);
                if (!v.equals("off") && !v.equals("on")) throw new ConfigException("nested is off or on, got '" + t + "'");
                yield new AxisValue(v, v.equals("on") ? 1 : 0);
            }
            case RANGES_PER_BUFFER -> {
                long n = whole(t);
                if (n < 1) throw new ConfigException("ranges per buffer must be at least 1, got " + t);
                yield new AxisValue(Long.toString(n), n);
            }
            case RANGE_SIZE -> {
                long bytes;
                try {
                    bytes = ByteSizes.parse(t);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("a range size is a size such as 4KiB or 2MiB, got '" + t + "'");
                }
                long pages = Math.max(1, Math.round((double) bytes / ByteSizes.PAGE));
                yield new AxisValue(ByteSizes.format(pages * ByteSizes.PAGE), pages * ByteSizes.PAGE);
            }
        };
    }

    private static double number(String t) {
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new ConfigException("'" + t + "' is not a number");
        }
    }

    private static long whole(String t) {
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new ConfigException("'" + t + "' is not a whole number");
        }
    }
}
