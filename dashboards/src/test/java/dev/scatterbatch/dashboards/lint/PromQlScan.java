package dev.scatterbatch.dashboards.lint;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a PromQL expression refers to, found by a small scanner rather than a full parser: the vector
 * selectors (metric, label matchers, range, and the function whose arguments hold them), every range
 * with its function, and the labels named in {@code by}/{@code without}/{@code on}/{@code ignoring}/
 * {@code group_left}/{@code group_right}. Enough for the dashboard-linter rules over our own
 * expressions; {@code promtool check rules} is the syntax check.
 *
 * @param selectors      every vector selector, in order
 * @param ranges         every range ({@code [...]}), in order
 * @param groupingLabels the labels of every grouping or matching clause
 */
public record PromQlScan(List<Selector> selectors, List<Range> ranges, Set<String> groupingLabels) {

    /**
     * A vector selector.
     *
     * @param metric   the metric name
     * @param matchers label to matcher text ({@code =~"$job"})
     * @param range    the range text inside {@code [...]} if the selector is ranged, else null
     * @param function the function (or aggregation) whose argument list directly holds the selector, else null
     */
    public record Selector(String metric, Map<String, String> matchers, String range, String function) {
    }

    /**
     * A range.
     *
     * @param text     what is inside the brackets ({@code $__rate_interval}, {@code 5m})
     * @param function the function whose argument list directly holds the ranged selector, else null
     */
    public record Range(String text, String function) {
    }

    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan");
    private static final Set<String> LABEL_CLAUSES = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right");

    /** Scans {@code expr}; throws {@link IllegalArgumentException} where it cannot be scanned. */
    public static PromQlScan of(String expr) {
        return new Scanner(expr).scan();
    }

    /** Every metric name the expression selects. */
    public Set<String> metrics() {
        Set<String> metrics = new LinkedHashSet<>();
        for (Selector s : selectors) metrics.add(s.metric());
        return metrics;
    }

    private static final class Scanner {
        private final String expr;
        private int pos;
        /** The function of each open parenthesis, or null for plain grouping parentheses. */
        private final Deque<String> open = new ArrayDeque<>();
        private final List<Selector> selectors = new ArrayList<>();
        private final List<Range> ranges = new ArrayList<>();
        private final Set<String> groupingLabels = new LinkedHashSet<>();

        Scanner(String expr) {
            this.expr = expr;
        }

        PromQlScan scan() {
            // An aggregation whose argument list comes after its by/without clause: sum by (le) (...).
            String aggregationAwaitingArguments = null;
            while (skipSpace()) {
                char c = expr.charAt(pos);
                if (isIdentifierStart(c)) {
                    String word = identifier();
                    boolean call = peekNonSpace() == '(';
                    if (LABEL_CLAUSES.contains(word)) {
                        if (call) labelList();
                        if ((word.equals("by") || word.equals("without")) && peekNonSpace() == '(') {
                            pos = expr.indexOf('(', pos) + 1;
                            open.push(aggregationAwaitingArguments == null ? "" : aggregationAwaitingArguments);
                        }
                        aggregationAwaitingArguments = null;
                    } else if (KEYWORDS.contains(word)) {
                        aggregationAwaitingArguments = null;
                    } else if (call) {
                        pos = expr.indexOf('(', pos) + 1;
                        open.push(word);
                    } else if (startsWithWord("by") || startsWithWord("without")) {
                        aggregationAwaitingArguments = word;
                    } else {
                        selector(word);
                    }
                } else if (c == '{') {
                    throw new IllegalArgumentException("a selector without a metric name at " + pos + " in: " + expr);
                } else if (c == '[') {
                    // a subquery's range, after a closing parenthesis
                    ranges.add(new Range(bracket(), open.isEmpty() ? null : open.peek()));
                } else if (c == '(') {
                    pos++;
                    open.push("");
                } else if (c == ')') {
                    if (open.isEmpty()) throw new IllegalArgumentException("unbalanced ')' at " + pos + " in: " + expr);
                    pos++;
                    open.pop();
                } else if (c == '"' || c == '\'' || c == '`') {
                    string();
                } else if (Character.isDigit(c) || c == '.') {
                    number();
                } else if (c == '$') {
                    throw new IllegalArgumentException("a template variable outside a string or range at " + pos
                            + " in: " + expr);
                } else {
                    pos++;
                }
            }
            if (!open.isEmpty()) throw new IllegalArgumentException("unclosed '(' in: " + expr);
            return new PromQlScan(List.copyOf(selectors), List.copyOf(ranges), Set.copyOf(groupingLabels));
        }

        private void selector(String metric) {
            Map<String, String> matchers = new LinkedHashMap<>();
            if (peekNonSpace() == '{') {
                pos = expr.indexOf('{', pos) + 1;
                while (skipSpace() && expr.charAt(pos) != '}') {
                    String label = identifier();
                    skipSpace();
                    int opStart = pos;
                    while (pos < expr.length() && "=!~".indexOf(expr.charAt(pos)) >= 0) pos++;
                    String op = expr.substring(opStart, pos);
                    skipSpace();
                    matchers.put(label, op + string());
                    skipSpace();
                    if (pos < expr.length() && expr.charAt(pos) == ',') pos++;
                }
                pos++;
            }
            String function = open.isEmpty() || open.peek().isEmpty() ? null : open.peek();
            String range = null;
            if (peekNonSpace() == '[') {
                skipSpace();
                range = bracket();
                ranges.add(new Range(range, function));
            }
            selectors.add(new Selector(metric, matchers, range, function));
        }

        /** A number or a duration ({@code 0.99}, {@code 1e-6}, {@code 5m}). */
        private void number() {
            while (pos < expr.length() && (Character.isDigit(expr.charAt(pos)) || expr.charAt(pos) == '.')) pos++;
            if (pos + 1 < expr.length() && (expr.charAt(pos) == 'e' || expr.charAt(pos) == 'E')) {
                int exponent = pos + 1;
                if (expr.charAt(exponent) == '+' || expr.charAt(exponent) == '-') exponent++;
                if (exponent < expr.length() && Character.isDigit(expr.charAt(exponent))) {
                    pos = exponent;
                    while (pos < expr.length() && Character.isDigit(expr.charAt(pos))) pos++;
                }
            }
            while (pos < expr.length() && Character.isLetter(expr.charAt(pos))) pos++;
        }

        private void labelList() {
            pos = expr.indexOf('(', pos) + 1;
            while (skipSpace() && expr.charAt(pos) != ')') {
                if (expr.charAt(pos) == ',') {
                    pos++;
                } else {
                    groupingLabels.add(identifier());
                }
            }
            pos++;
        }

        private String bracket() {
            int end = expr.indexOf(']', pos);
            if (end < 0) throw new IllegalArgumentException("unclosed '[' at " + pos + " in: " + expr);
            String text = expr.substring(pos + 1, end).trim();
            pos = end + 1;
            return text;
        }

        private String string() {
            char quote = expr.charAt(pos);
            if (quote != '"' && quote != '\'' && quote != '`') {
                throw new IllegalArgumentException("expected a string at " + pos + " in: " + expr);
            }
            StringBuilder text = new StringBuilder().append(quote);
            pos++;
            while (pos < expr.length() && expr.charAt(pos) != quote) {
                if (expr.charAt(pos) == '\\' && quote != '`') text.append(expr.charAt(pos++));
                text.append(expr.charAt(pos++));
            }
            if (pos >= expr.length()) throw new IllegalArgumentException("unclosed string in: " + expr);
            pos++;
            return text.append(quote).toString();
        }

        private String identifier() {
            int start = pos;
            if (pos >= expr.length() || !isIdentifierStart(expr.charAt(pos))) {
                throw new IllegalArgumentException("expected a name at " + pos + " in: " + expr);
            }
            while (pos < expr.length() && (isIdentifierStart(expr.charAt(pos)) || Character.isDigit(expr.charAt(pos)))) {
                pos++;
            }
            return expr.substring(start, pos);
        }

        private boolean startsWithWord(String word) {
            int save = pos;
            skipSpace();
            boolean match = expr.startsWith(word, pos)
                    && (pos + word.length() == expr.length() || !isIdentifierStart(expr.charAt(pos + word.length())));
            pos = save;
            return match;
        }

        private char peekNonSpace() {
            int p = pos;
            while (p < expr.length() && Character.isWhitespace(expr.charAt(p))) p++;
            return p < expr.length() ? expr.charAt(p) : 0;
        }

        /** Skips white space; false at the end of the expression. */
        private boolean skipSpace() {
            while (pos < expr.length() && Character.isWhitespace(expr.charAt(pos))) pos++;
            return pos < expr.length();
        }

        private static boolean isIdentifierStart(char c) {
            return Character.isLetter(c) || c == '_' || c == ':';
        }
    }
}
