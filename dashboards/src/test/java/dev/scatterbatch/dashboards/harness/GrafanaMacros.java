package dev.scatterbatch.dashboards.harness;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands what Grafana substitutes in a query before sending it to Prometheus, so the expression can be
 * run or checked outside Grafana: {@code $__rate_interval} becomes {@value #RATE_INTERVAL} (at least four
 * scrapes of the tests' 1 s interval, and what promtool needs to see a valid duration), and each template
 * variable ({@code $job} or {@code ${job}}) becomes the value given for it. A live panel gets the
 * interval Grafana would compute instead ({@link #rateInterval}).
 */
public final class GrafanaMacros {

    /** What {@code $__rate_interval} becomes. */
    public static final String RATE_INTERVAL = "1m";

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");
    private static final String REGEX_SPECIALS = ".+*?()[]{}|^$\\";

    private GrafanaMacros() {
    }

    /**
     * {@code expr} with the macros expanded and each variable replaced by {@code values.get(name)}
     * (inserted as is: a regex such as {@code .+}, or a value made literal with {@link #regexLiteral}).
     *
     * @throws IllegalArgumentException naming a variable that has no value
     */
    public static String expand(String expr, Map<String, String> values) {
        return expand(expr, values, RATE_INTERVAL);
    }

    /** Like {@link #expand(String, Map)}, with {@code $__rate_interval} as {@code rateInterval} ({@code 4s}). */
    public static String expand(String expr, Map<String, String> values, String rateInterval) {
        Matcher m = VARIABLE.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String value = name.equals("__rate_interval") ? rateInterval : values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("the expression uses $" + name
                        + ", which is neither a Grafana macro known here nor a variable of the dashboard: " + expr);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * What Grafana makes of {@code $__rate_interval} for a panel sampled every {@code step} from a data
     * source scraped every {@code scrapeInterval}: the larger of {@code step + scrapeInterval} and four
     * scrape intervals, so a window always holds enough samples for a rate.
     */
    public static String rateInterval(Duration step, Duration scrapeInterval) {
        Duration fourScrapes = scrapeInterval.multipliedBy(4);
        Duration stepAndScrape = step.plus(scrapeInterval);
        return (stepAndScrape.compareTo(fourScrapes) > 0 ? stepAndScrape : fourScrapes).toMillis() + "ms";
    }

    /**
     * {@code value} as a regex matching exactly it, written for a PromQL string ({@code a.b} becomes
     * {@code a\\.b}), as Grafana formats a single selected value in a {@code =~} matcher.
     */
    public static String regexLiteral(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (REGEX_SPECIALS.indexOf(c) >= 0) out.append("\\\\");
            if (c == '"') out.append('\\');
            out.append(c);
        }
        return out.toString();
    }
}
