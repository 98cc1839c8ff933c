package dev.scatterbatch.dashboards.harness;

import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.Locale;

/** Formats axis and label values in a Grafana unit, roughly as Grafana shows them ({@code 20 µs}, {@code 45%}). */
final class UnitFormat extends NumberFormat {

    private static final String[] SMALL = {"", "m", "µ", "n", "p"};
    private static final String[] LARGE = {"", "k", "M", "G", "T"};

    private final String unit;

    UnitFormat(String unit) {
        this.unit = unit;
    }

    @Override
    public StringBuffer format(double value, StringBuffer out, FieldPosition pos) {
        if (Double.isNaN(value) || Double.isInfinite(value)) return out.append(value);
        return out.append(switch (unit) {
            case "s" -> scaled(value, true, " ", "s");
            case "percentunit" -> compact(value * 100) + "%";
            case "ops" -> scaled(value, false, " ", "ops/s");
            default -> scaled(value, false, "", "");
        });
    }

    @Override
    public StringBuffer format(long value, StringBuffer out, FieldPosition pos) {
        return format((double) value, out, pos);
    }

    @Override
    public Number parse(String source, ParsePosition pos) {
        throw new UnsupportedOperationException("axis labels are only written");
    }

    /**
     * {@code value} with an SI prefix: {@code 2.5e-5} seconds as {@code 25 µs}, {@code 1500} as {@code 1.5k};
     * below 1 only with {@code smallPrefixes} (Grafana writes 0.34 ops/s, not 340 mops/s).
     */
    private static String scaled(double value, boolean smallPrefixes, String space, String suffix) {
        double abs = Math.abs(value);
        if (abs == 0) return "0" + space + suffix;
        int step = 0;
        if (abs < 1) {
            if (!smallPrefixes) return compact(value) + space + suffix;
            while (abs < 1 && step < SMALL.length - 1) {
                abs *= 1000;
                value *= 1000;
                step++;
            }
            return compact(value) + space + SMALL[step] + suffix;
        }
        while (abs >= 1000 && step < LARGE.length - 1) {
            abs /= 1000;
            value /= 1000;
            step++;
        }
        return compact(value) + space + LARGE[step] + suffix;
    }

    private static String compact(double value) {
        String text = String.format(Locale.ROOT, Math.abs(value) >= 100 ? "%.0f" : Math.abs(value) >= 10 ? "%.1f" : "%.2f", value);
        return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
    }
}
