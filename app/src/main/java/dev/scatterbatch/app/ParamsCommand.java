package dev.scatterbatch.app;

import dev.scatterbatch.model.cost.Parameter;
import dev.scatterbatch.model.cost.ProfileLoader;
import dev.scatterbatch.model.cost.TrapCostProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code scatterbatch params}: every cost parameter with its unit, value, valid range, meaning and source. */
@Command(name = "params", mixinStandardHelpOptions = true,
        description = "Lists every cost parameter: value in the profile, valid range, meaning and source.")
public final class ParamsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--profile", paramLabel = "NAME|FILE", defaultValue = "default", description = "Profile whose values to show (default: ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = "--set", paramLabel = "name=value", description = "Overrides a parameter (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--markdown", description = "Print a Markdown table (the one in docs/parameters.md).")
    boolean markdown;

    @Override
    public Integer call() {
        TrapCostProfile p = ProfileLoader.applyOverrides(ProfileLoader.load(profile), sets);
        PrintWriter out = spec.commandLine().getOut();
        out.print(markdown ? markdown(p) : text(p));
        out.flush();
        return 0;
    }

    /** The Markdown table of every parameter under {@code p}. */
    static String markdown(TrapCostProfile p) {
        StringBuilder sb = new StringBuilder("| name | value | valid range | meaning | source |\n|---|---|---|---|---|\n");
        for (Parameter k : Parameter.values()) {
            sb.append("| `").append(k.key()).append("` | ").append(k.format(p.get(k))).append(" | ").append(range(k))
                    .append(" | ").append(k.meaning()).append(" | ").append(k.source()).append(" |\n");
        }
        return sb.toString();
    }

    private static String text(TrapCostProfile p) {
        StringBuilder sb = new StringBuilder("profile " + p.name() + "\n");
        for (Parameter k : Parameter.values()) {
            sb.append(String.format("%-22s %-10s %-22s %s%n", k.key(), k.format(p.get(k)), range(k), k.meaning()));
        }
        return sb.toString();
    }

    private static String range(Parameter k) {
        return k.isNumeric() ? k.format(k.min()) + " to " + k.format(k.max()) : k.choices();
    }
}
