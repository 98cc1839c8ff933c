package dev.scatterbatch.model.config;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes written with binary units: {@code 4096}, {@code 4KiB}, {@code 2MiB}, {@code 1.5GiB}, {@code 1TiB}. */
public final class ByteSizes {

    private static final Pattern FORMAT = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(B|KiB|MiB|GiB|TiB|K|M|G|T)?\\s*");

    /** 4 KiB, the page size everything here counts in. */
    public static final long PAGE = 4096;
    /** 2 MiB, a huge page. */
    public static final long HUGE_PAGE = 2L << 20;

    private ByteSizes() {
    }

    /** Parses a size to bytes; the result must be a whole number of bytes. */
    public static long parse(String text) {
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a size in bytes or with a unit (B, KiB, MiB, GiB, TiB), got '" + text + "'");
        }
        int shift = m.group(2) == null ? 0 : switch (m.group(2)) {
            case "B" -> 0;
            case "KiB", "K" -> 10;
            case "MiB", "M" -> 20;
            case "GiB", "G" -> 30;
            default -> 40;
        };
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(2).pow(shift));
        try {
            return bytes.longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("size '" + text + "' is not a whole number of bytes or is too large");
        }
    }

    /** Writes bytes in the largest binary unit that divides them: 4KiB, 2MiB, 14GiB. */
    public static String format(long bytes) {
        String[] units = {"TiB", "GiB", "MiB", "KiB"};
        int[] shifts = {40, 30, 20, 10};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << shifts[i];
            if (bytes != 0 && bytes % unit == 0) return bytes / unit + units[i];
        }
        return bytes + "B";
    }
}
