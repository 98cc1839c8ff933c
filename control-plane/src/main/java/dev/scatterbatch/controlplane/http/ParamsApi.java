package dev.scatterbatch.controlplane.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scatterbatch.model.config.ConfigDocuments;
import dev.scatterbatch.model.config.ConfigNodes;
import dev.scatterbatch.model.cost.ConfigException;
import dev.scatterbatch.model.cost.Parameter;
import dev.scatterbatch.model.cost.ProfileLoader;
import dev.scatterbatch.model.cost.TrapCostProfile;

import java.util.LinkedHashMap;
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

    public ParamsApi(Supplier<TrapCostProfile> current, ProfileChanges changes) {
        this.current = current;
        this.changes = changes;
    }

    /**
     * The current profile: every parameter as a profile file writes it (durations with their unit, factors and
     * counts as numbers, choices by name), so the body can be edited and sent back with {@code PUT} as is.
     */
    public Response get() {
        Map<String, Object> body = new LinkedHashMap<>();
        TrapCostProfile p = current.get();
        for (Parameter k : Parameter.values()) {
            Object v = p.get(k);
            body.put(k.key(), switch (k.kind()) {
                case DURATION, CHOICE -> k.format(v);
                case FACTOR, COUNT -> v;
            });
        }
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
            values.forEach((p, v) -> {
                String outOfRange = p.checkRange(v);
                if (outOfRange != null) nodes.problem(p.key(), outOfRange.substring(p.key().length() + 1)); // it starts with the key
            });
            nodes.throwIfAny();
            TrapCostProfile base = current.get();
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
