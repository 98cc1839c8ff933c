package dev.scatterbatch.model.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scatterbatch.model.cost.ConfigException;
import dev.scatterbatch.model.cost.Durations;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed reads from a configuration tree. Each read names the field ({@code "seed-opencl.yaml: buffers[0].size"})
 * and what was expected when the value has the wrong type. Problems are collected so a user sees all of them.
 */
public final class ConfigNodes {

    private final String source;
    /** Unknown names an error lists one by one. */
    private static final int UNKNOWN_NAMES_SHOWN = 20;

    private final List<String> problems = new ArrayList<>();

    /** A reader whose messages start with {@code source}. */
    public ConfigNodes(String source) {
        this.source = source;
    }

    /** Records a problem about {@code field}. */
    public void problem(String field, String what) {
        problems.add(source + ": " + field + " " + what);
    }

    /** Throws every recorded problem at once; does nothing when there were none. */
    public void throwIfAny() {
        if (!problems.isEmpty()) throw new ConfigException(problems);
    }

    /** Whether any problem was recorded. */
    public boolean hasProblems() {
        return !problems.isEmpty();
    }

    /** Refuses keys of {@code node} outside {@code known}, in one problem naming each once. */
    public void onlyKeys(JsonNode node, String field, Set<String> known) {
        if (node == null || !node.isObject()) return;
        List<String> unknown = new ArrayList<>();
        node.fieldNames().forEachRemaining(k -> {
            if (!known.contains(k)) unknown.add(join(field, k));
        });
        unknown(unknown, "field", String.join(", ", new TreeSet<>(known)));
    }

    /**
     * Records one problem for all of {@code unknown} (names that are not a known {@code noun}), listing the
     * {@code known} names once. Past {@value #UNKNOWN_NAMES_SHOWN} names it says how many more there are, so a
     * file of thousands of stray keys gives a readable line.
     */
    public void unknown(List<String> unknown, String noun, String known) {
        if (unknown.isEmpty()) return;
        if (unknown.size() == 1) {
            problem(unknown.getFirst(), "is not a known " + noun + " (known: " + known + ")");
            return;
        }
        String names = String.join(", ", unknown.subList(0, Math.min(unknown.size(), UNKNOWN_NAMES_SHOWN)));
        if (unknown.size() > UNKNOWN_NAMES_SHOWN) {
            names += String.format(Locale.ROOT, " and %,d more", unknown.size() - UNKNOWN_NAMES_SHOWN);
        }
        problems.add(source + ": " + names + " are not known " + noun + "s (known: " + known + ")");
    }

    /** A mapping at {@code field}; records a problem and returns null when it is something else. */
    public JsonNode object(JsonNode node, String field) {
        if (node == null || node.isNull()) return null;
        if (!node.isObject()) {
            problem(field, "must be a mapping, got " + describe(node));
            return null;
        }
        return node;
    }

    /** A duration with a unit, in ns; {@code fallback} when absent. */
    public long duration(JsonNode node, String field, long fallback) {
        if (node == null || node.isNull()) return fallback;
        if (!node.isTextual()) {
            problem(field, "must be a duration with a unit (such as 250ns, 20us or 43ms), got " + describe(node));
            return fallback;
        }
        try {
            return Durations.parseNs(node.asText());
        } catch (IllegalArgumentException e) {
            problem(field, e.getMessage());
            return fallback;
        }
    }

    /** A whole number; {@code fallback} when absent. */
    public long whole(JsonNode node, String field, long fallback) {
        if (node == null || node.isNull()) return fallback;
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            problem(field, "must be a whole number, got " + describe(node));
            return fallback;
        }
        return node.asLong();
    }

    /** A real number; {@code fallback} when absent. */
    public double real(JsonNode node, String field, double fallback) {
        if (node == null || node.isNull()) return fallback;
        if (!node.isNumber()) {
            problem(field, "must be a number, got " + describe(node));
            return fallback;
        }
        return node.asDouble();
    }

    /** A string; {@code fallback} when absent. */
    public String text(JsonNode node, String field, String fallback) {
        if (node == null || node.isNull()) return fallback;
        if (!node.isTextual()) {
            problem(field, "must be text, got " + describe(node));
            return fallback;
        }
        return node.asText();
    }

    /** A boolean; {@code fallback} when absent. */
    public boolean bool(JsonNode node, String field, boolean fallback) {
        if (node == null || node.isNull()) return fallback;
        if (!node.isBoolean()) {
            problem(field, "must be true or false, got " + describe(node));
            return fallback;
        }
        return node.asBoolean();
    }

    /** A byte size: a whole number of bytes or text with a unit ({@code 4KiB}, {@code 2MiB}, {@code 1GiB}). */
    public long bytes(JsonNode node, String field, long fallback) {
        if (node == null || node.isNull()) return fallback;
        if (node.isIntegralNumber() && node.canConvertToLong()) return node.asLong();
        if (node.isTextual()) {
            try {
                return ByteSizes.parse(node.asText());
            } catch (IllegalArgumentException e) {
                problem(field, e.getMessage());
                return fallback;
            }
        }
        problem(field, "must be a size in bytes or with a unit (such as 4KiB, 2MiB, 1GiB), got " + describe(node));
        return fallback;
    }

    /** Checks {@code lo <= ns <= hi} for a duration, recording a problem that states the range with units. */
    public void durationRange(String field, long ns, long lo, long hi) {
        if (ns < lo || ns > hi) {
            problem(field, "= " + Durations.format(ns) + " is out of range: allowed " + Durations.format(lo) + " to " + Durations.format(hi));
        }
    }

    /** Checks {@code lo <= value <= hi}, recording a problem that states the range. */
    public void range(String field, double value, double lo, double hi, String shown) {
        if (Double.isNaN(value) || value < lo || value > hi) {
            problem(field, "= " + shown + " is out of range: allowed " + fmt(lo) + " to " + fmt(hi));
        }
    }

    /** {@code parent.child}, or just the child at the top level. */
    public static String join(String parent, String child) {
        return parent == null || parent.isEmpty() ? child : parent + "." + child;
    }

    /** How a value looks in an error message: its type and text. */
    public static String describe(JsonNode node) {
        if (node.isTextual()) return "'" + node.asText() + "'";
        if (node.isObject()) return "a mapping";
        if (node.isArray()) return "a list";
        if (node.isBoolean()) return node.asText();
        return node.toString();
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
