package dev.scatterbatch.app.tune;

import dev.scatterbatch.model.cost.ConfigException;
import dev.scatterbatch.model.cost.Parameter;
import dev.scatterbatch.model.scenario.Scenario;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code --observed}: {@code SCENARIO=SCORE[,SCENARIO=SCORE...][@QUALIFIER...]}. Each qualifier says what the
 * scores were measured under: {@code @NAME} another workload (bundled name or YAML file), {@code @path=value} a
 * workload field ({@code @buffers[0].fragmentation.runPages=1}), {@code @parameter=value} a profile parameter that
 * is not fitted ({@code @splitLocation=guest}). For example
 * {@code --observed bare-metal=200000,per-range=80000,batch=175000 --observed per-range=15800,batch=165500@buffers[0].fragmentation.runPages=1}.
 */
public final class Observations {

    private Observations() {
    }

    /**
     * Every observation of every {@code --observed}, in the order given.
     *
     * @param fitted the parameters being fitted, which a qualifier may not set
     * @throws ConfigException each problem naming its {@code --observed}
     */
    public static List<Observation> parse(List<String> observed, Collection<Parameter> fitted) {
        List<String> problems = new ArrayList<>();
        List<Observation> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        if (observed.isEmpty()) problems.add("give at least one --observed, such as --observed bare-metal=200000,per-range=80000,batch=175000");
        for (String text : observed) {
            try {
                for (Observation o : parseOne(text, fitted)) {
                    if (!seen.add(o.label())) throw new ConfigException(o.label() + " is observed twice");
                    out.add(o);
                }
            } catch (ConfigException e) {
                problems.add("--observed " + text + ": " + String.join("; ", e.problems()));
            }
        }
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return List.copyOf(out);
    }

    /** The observations grouped by their conditions, first appearance first: each group is one set of worlds. */
    public static Map<Observation.Conditions, List<Integer>> byConditions(List<Observation> observations) {
        Map<Observation.Conditions, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < observations.size(); i++) {
            groups.computeIfAbsent(observations.get(i).conditions(), c -> new ArrayList<>()).add(i);
        }
        return groups;
    }

    private static List<Observation> parseOne(String text, Collection<Parameter> fitted) {
        String[] parts = text.split("@", -1);
        Observation.Conditions conditions = conditions(parts, fitted);
        List<Observation> out = new ArrayList<>();
        for (String pair : parts[0].split(",", -1)) {
            int eq = pair.indexOf('=');
            if (eq <= 0) throw new ConfigException("expected scenario=score, such as per-range=80000, got '" + pair.trim() + "'");
            Scenario scenario = Scenario.parse(pair.substring(0, eq));
            String score = pair.substring(eq + 1).trim();
            double value;
            try {
                value = Double.parseDouble(score);
            } catch (NumberFormatException e) {
                throw new ConfigException("the score of " + scenario.key() + " must be a number, got '" + score + "'");
            }
            if (!(value > 0) || Double.isInfinite(value)) {
                throw new ConfigException("the score of " + scenario.key() + " must be above zero, got '" + score + "'");
            }
            out.add(new Observation(scenario, value, conditions, text));
        }
        return out;
    }

    private static Observation.Conditions conditions(String[] parts, Collection<Parameter> fitted) {
        String workload = null;
        List<String> workloadOverrides = new ArrayList<>();
        List<String> profileOverrides = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            String q = parts[i].trim();
            int eq = q.indexOf('=');
            if (q.isEmpty()) throw new ConfigException("an empty qualifier after '@'");
            if (eq < 0) {
                if (workload != null) throw new ConfigException("two workloads, @" + workload + " and @" + q + "; give one");
                workload = q;
                continue;
            }
            if (eq == 0) throw new ConfigException("qualifier '@" + q + "' has no name before '='");
            String name = q.substring(0, eq).trim();
            Parameter p = Parameter.byKey(name).orElse(null);
            if (p == null) {
                workloadOverrides.add(q);
                continue;
            }
            if (fitted.contains(p)) throw new ConfigException(name + " is being fitted, so an observation cannot fix it");
            Object value = p.parse(q.substring(eq + 1));
            String problem = p.checkRange(value);
            if (problem != null) throw new ConfigException(problem);
            profileOverrides.add(name + "=" + p.format(value));
        }
        return new Observation.Conditions(workload, workloadOverrides, profileOverrides);
    }
}
