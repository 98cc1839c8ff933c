package dev.scatterbatch.controlplane.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scatterbatch.model.config.ConfigDocuments;
import dev.scatterbatch.model.config.ConfigNodes;
import dev.scatterbatch.model.cost.ConfigException;
import dev.scatterbatch.model.cost.Parameter;
import dev.scatterbatch.model.cost.ProfileLoader;
import dev.scatterbatch.model.cost.TrapCostProfile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /api/params} and {@code PUT /api/params} without HTTP: the current profile as JSON, and a partial
 * profile validated as a whole. A valid change is handed to {@link ProfileChanges} to apply at the next
 * virtual-time boundary; an invalid one returns every reason and changes nothing.
 */
public final class ParamsApi {

    /** The answer to a request: an HTTP status and a JSON body. */
    public record Response(int status, Map<String, Object> body) {
    }

    /** Where accepted changes go: they are applied at the next virtual-time boundary of the running model. */
    public interface ProfileChanges {
        /** Schedules {@code next} to replace the profile; returns the virtual time it will apply from. */
        long submit(TrapCostProfile next, Map<Parameter, Object> changed);
    }

    private final Supplier<TrapCostProfile> current;
    private final ProfileChanges changes;
    private final TrapCostProfile started;

    /** @param current the profile in force; the one it gives now is the profile "reset to profile" goes back to */
    public ParamsApi(Supplier<TrapCostProfile> current, ProfileChanges changes) {
        this.current = current;
        this.changes = changes;
        this.started = current.get();
    }

    /**
     * Every parameter's definition, for a client that builds one control per parameter: name, kind, unit, range,
     * default, the value in the profile serve started with, meaning, source and choices. Values are written as a
     * profile writes them.
     */
    public Map<String, Object> definitions() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Parameter k : Parameter.values()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("name", k.key());
            d.put("kind", k.kind().name().toLowerCase(Locale.ROOT));
            d.put("unit", k.unit());
            if (k.isNumeric()) {
                d.put("min", written(k, k.min()));
                d.put("max", written(k, k.max()));
            } else {
                d.put("choices", List.of(k.choices().split(", ")));
            }
            d.put("default", written(k, k.defaultValue()));
            d.put("profile", written(k, started.get(k)));
            d.put("meaning", k.meaning());
            d.put("source", k.source());
            list.add(d);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("profile", started.name());
        body.put("parameters", list);
        return body;
    }

    /** A value as a profile file writes it: durations with their unit, factors and counts as numbers, choices by name. */
    private static Object written(Parameter k, Object v) {
        return switch (k.kind()) {
            case DURATION, CHOICE -> k.format(v);
            case FACTOR, COUNT -> v;
        };
    }

    /**
     * The current profile: every parameter as a profile file writes it (durations with their unit, factors and
     * counts as numbers, choices by name), so the body can be edited and sent back with {@code PUT} as is.
     */
    public Response get() {
        Map<String, Object> body = new LinkedHashMap<>();
        TrapCostProfile p = current.get();
        for (Parameter k : Parameter.values()) body.put(k.key(), written(k, p.get(k)));
        return new Response(200, body);
    }

    /** Validates and schedules a partial profile given as a JSON object of parameter names to values. */
    public Response put(String requestBody) {
        try {
            JsonNode root = ConfigDocuments.json(requestBody == null ? "" : requestBody, "request body");
            if (!root.isObject() || root.isEmpty()) {
                throw new ConfigException("request body must be a JSON object of parameter names to values, such as {\"kfdAllocFixed\": \"30us\"}");
            }
            ConfigNodes nodes = new ConfigNodes("request body");
            Map<Parameter, Object> values = ProfileLoader.readValues(root, nodes, List.of());
            // ranges too, so a body with a type error and a value out of range gets both reasons in one answer
            TrapCostProfile base = current.get();
            values.forEach((p, v) -> {
                String outOfRange = p.checkRange(v);
                if (outOfRange != null) nodes.problem(p.key(), outOfRange.substring(p.key().length() + 1)); // it starts with the key
            });
            nodes.throwIfAny();
            TrapCostProfile next = base.with(values).named(base.name().endsWith("+live") ? base.name() : base.name() + "+live");
            long appliesAt = changes.submit(next, values);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "accepted");
            body.put("appliesAtVirtualNs", appliesAt);
            Map<String, String> changed = new LinkedHashMap<>();
            values.forEach((k, v) -> changed.put(k.key(), k.format(v)));
            body.put("changed", changed);
            return new Response(200, body);
        } catch (ConfigException e) {
            return new Response(400, Map.of("errors", e.problems()));
        }
    }
}
