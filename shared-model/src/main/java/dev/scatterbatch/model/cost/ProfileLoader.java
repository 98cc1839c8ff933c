package dev.scatterbatch.model.cost;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scatterbatch.model.config.ConfigDocuments;
import dev.scatterbatch.model.config.ConfigNodes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Loads {@link TrapCostProfile}s from bundled names or YAML files. A profile file sets any subset of the
 * parameters (flat keys, the parameter names) and may name the profile it {@code extends} (default:
 * {@code default}); it may carry a {@code description}. Every problem in a file is reported at once.
 */
public final class ProfileLoader {

    /** Profiles shipped with scatterbatch, loadable by name. */
    public static final List<String> BUNDLED = List.of("default", "nested", "measured-here");

    private static final String EXTENDS = "extends";
    private static final String DESCRIPTION = "description";

    private ProfileLoader() {
    }

    /**
     * The profile a user names: a bundled profile name, or the path of a YAML file.
     *
     * @throws ConfigException when it is neither, or the file is invalid
     */
    public static TrapCostProfile load(String nameOrPath) {
        return load(nameOrPath, 0);
    }

    private static TrapCostProfile load(String nameOrPath, int depth) {
        if (depth > 8) throw new ConfigException("profile '" + nameOrPath + "': 'extends' chain is longer than 8 (a cycle?)");
        if ("default".equals(nameOrPath)) return TrapCostProfile.defaults();
        String bundled = BUNDLED.contains(nameOrPath) ? ConfigDocuments.readResource("/profiles/" + nameOrPath + ".yaml") : null;
        if (bundled != null) return parse(bundled, nameOrPath, nameOrPath, depth);
        Path path = Path.of(nameOrPath);
        if (!Files.isRegularFile(path)) {
            throw new ConfigException("unknown profile '" + nameOrPath + "': not a bundled profile ("
                    + String.join(", ", BUNDLED) + ") and no such file");
        }
        String file = path.getFileName().toString();
        String name = file.endsWith(".yaml") ? file.substring(0, file.length() - 5)
                : file.endsWith(".yml") ? file.substring(0, file.length() - 4) : file;
        return parse(ConfigDocuments.readFile(path), path.toString(), name, depth);
    }

    /** Parses profile YAML text; {@code source} names it in errors, {@code name} becomes the profile's name. */
    public static TrapCostProfile parse(String yaml, String source, String name) {
        return parse(yaml, source, name, 0);
    }

    private static TrapCostProfile parse(String yaml, String source, String name, int depth) {
        JsonNode root = ConfigDocuments.yaml(yaml, source);
        ConfigNodes nodes = new ConfigNodes(source);
        if (!root.isObject()) {
            throw new ConfigException(source + ": a profile must be a mapping of parameter names to values, got "
                    + ConfigNodes.describe(root));
        }
        String parent = nodes.text(root.get(EXTENDS), EXTENDS, "default");
        nodes.text(root.get(DESCRIPTION), DESCRIPTION, "");
        Map<Parameter, Object> changes = readValues(root, nodes, List.of(EXTENDS, DESCRIPTION));
        nodes.throwIfAny();
        TrapCostProfile base = load(parent, depth + 1);
        try {
            return base.with(changes).named(name);
        } catch (ConfigException e) {
            throw new ConfigException(e.problems().stream().map(p -> source + ": " + p).toList());
        }
    }

    /**
     * Reads parameter values from a mapping (a profile file or a JSON request body), recording type problems
     * and unknown names in {@code nodes}; keys in {@code ignored} are skipped. Ranges are checked by
     * {@link TrapCostProfile#with}.
     */
    public static Map<Parameter, Object> readValues(JsonNode mapping, ConfigNodes nodes, List<String> ignored) {
        Map<Parameter, Object> values = new EnumMap<>(Parameter.class);
        List<String> unknown = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = mapping.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            if (ignored.contains(key)) continue;
            Parameter p = Parameter.byKey(key).orElse(null);
            if (p == null) {
                if (Parameter.isRetired(key)) nodes.problem(key, Parameter.unknownKeyProblem(key));
                else unknown.add(key);
                continue;
            }
            Object v = readValue(p, e.getValue(), nodes);
            if (v != null) values.put(p, v);
        }
        nodes.unknown(unknown, "parameter", Parameter.knownKeys());
        return values;
    }

    private static Object readValue(Parameter p, JsonNode node, ConfigNodes nodes) {
        JsonNode v = node;
        switch (p.kind()) {
            case DURATION -> {
                if (!v.isTextual()) {
                    nodes.problem(p.key(), "must be a duration with a unit (such as " + p.format(p.defaultValue())
                            + "), got " + ConfigNodes.describe(v));
                    return null;
                }
                return parseOrRecord(p, v.asText(), nodes);
            }
            case FACTOR -> {
                if (!v.isNumber()) {
                    nodes.problem(p.key(), "must be a number, got " + ConfigNodes.describe(v));
                    return null;
                }
                return v.asDouble();
            }
            case COUNT -> {
                if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                    nodes.problem(p.key(), "must be a whole number, got " + ConfigNodes.describe(v));
                    return null;
                }
                return v.asLong();
            }
            default -> {
                if (!v.isTextual()) {
                    nodes.problem(p.key(), "must be one of " + p.choices() + ", got " + ConfigNodes.describe(v));
                    return null;
                }
                return parseOrRecord(p, v.asText(), nodes);
            }
        }
    }

    private static Object parseOrRecord(Parameter p, String text, ConfigNodes nodes) {
        try {
            return p.parse(text);
        } catch (ConfigException e) {
            nodes.problem(p.key(), e.getMessage().substring(p.key().length() + 2));
            return null;
        }
    }

    /**
     * Applies {@code name=value} overrides ({@code --set}) to a profile, validated together.
     *
     * @throws ConfigException naming each malformed override, unknown parameter or out-of-range value
     */
    public static TrapCostProfile applyOverrides(TrapCostProfile profile, List<String> assignments) {
        if (assignments.isEmpty()) return profile;
        Map<Parameter, Object> changes = new EnumMap<>(Parameter.class);
        List<String> problems = new ArrayList<>();
        for (String a : assignments) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                problems.add("--set " + a + ": expected name=value, such as kfdAllocFixed=30us");
                continue;
            }
            try {
                Parameter p = Parameter.require(a.substring(0, eq).trim(), " in --set " + a);
                changes.put(p, p.parse(a.substring(eq + 1)));
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) throw new ConfigException(problems);
        String suffix = changes.entrySet().stream()
                .map(e -> e.getKey().key() + "=" + e.getKey().format(e.getValue()))
                .reduce((x, y) -> x + "," + y).orElse("");
        return profile.with(changes).named(profile.name() + "+" + suffix);
    }

    /** The profile as YAML: only the values that differ from {@code default}, with a comment header. */
    public static String toYaml(TrapCostProfile profile, String comment) {
        StringBuilder sb = new StringBuilder();
        for (String line : comment.split("\n")) sb.append("# ").append(line).append('\n');
        sb.append("extends: default\n");
        TrapCostProfile d = TrapCostProfile.defaults();
        for (Parameter p : Parameter.values()) {
            if (!profile.get(p).equals(d.get(p))) {
                sb.append(p.key()).append(": ").append(p.format(profile.get(p))).append('\n');
            }
        }
        return sb.toString();
    }
}
