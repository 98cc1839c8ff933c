package dev.scatterbatch.app;

import dev.scatterbatch.app.run.WorldSpec;
import dev.scatterbatch.guest.workload.Workload;
import dev.scatterbatch.guest.workload.WorkloadLoader;
import dev.scatterbatch.host.hypervisor.Vmm;
import dev.scatterbatch.model.config.ByteSizes;
import dev.scatterbatch.model.cost.ConfigException;
import dev.scatterbatch.model.cost.Parameter;
import dev.scatterbatch.model.cost.ProfileLoader;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.scenario.Scenario;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The options that decide a simulated world, shared by bench, serve and sweep. */
public final class WorldOptions {

    @Option(names = "--profile", paramLabel = "NAME|FILE", defaultValue = "default",
            description = "Cost profile: default, nested, measured-here, or a YAML file (default: ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = "--workload", paramLabel = "NAME|FILE", defaultValue = "seed-opencl",
            description = "Workload: seed-opencl, scatter-4000, llm-7b, sd-comfyui, or a YAML file (default: ${DEFAULT-VALUE}).")
    String workload;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed of every random stream (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--iterations", paramLabel = "N", description = "Iterations per guest (default: the workload's).")
    Integer iterations;

    @Option(names = "--guests", paramLabel = "N", defaultValue = "1", description = "Guests sharing the host's GPU (default: ${DEFAULT-VALUE}).")
    int guests;

    @Option(names = "--set", paramLabel = "name=value", description = "Overrides a profile parameter, e.g. --set kfdAllocFixed=30us (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--host-ram", paramLabel = "SIZE", defaultValue = "256GiB", description = "Host RAM, which sets KFD's system-memory limit (default: ${DEFAULT-VALUE}).")
    String hostRam;

    @Option(names = "--pressure", paramLabel = "RATE", defaultValue = "0",
            description = "Invalidating host memory events per simulated second where --pressure-target says, spread over the workload's event kinds (default: the workload's own rates).")
    double pressure;

    @Option(names = "--oversubscribe", paramLabel = "FACTOR",
            description = "Other demand on the host's RAM so that all demand is FACTOR times host RAM: above 1, pinned pages (svm-pinned) cannot be given back and pinning fails with ENOMEM (the oversubscribe parameter; default: none).")
    Double oversubscribe;

    @Option(names = "--pressure-target", paramLabel = "WHERE",
            description = "Where --pressure events land: registered (GPU-registered bytes), span (anywhere in each buffer's span, gaps included) or guest-ram; "
                    + "the profile parameter pressureTarget, which it sets (default: the profile's, registered in the built-in ones).")
    String pressureTarget;

    /** The profile, with every --set, --pressure-target and --oversubscribe applied. */
    TrapCostProfile profile() {
        return ProfileLoader.applyOverrides(ProfileLoader.load(profile), assignments());
    }

    /**
     * The --set assignments, plus {@code oversubscribe=FACTOR} for --oversubscribe and {@code pressureTarget=WHERE}
     * for --pressure-target: each option is that parameter, so both paths share its parsing, its place in the profile's name and everything that reads it.
     */
    private List<String> assignments() {
        List<String> all = new ArrayList<>(sets);
        if (oversubscribe != null) all.add(Parameter.OVERSUBSCRIBE.key() + "=" + oversubscribe);
        if (pressureTarget == null) return all;
        Parameter target = Parameter.PRESSURE_TARGET;
        try {
            target.parse(pressureTarget);
        } catch (ConfigException e) {
            throw new ConfigException("--pressure-target must be one of " + target.choices() + ", got '" + pressureTarget + "'");
        }
        for (String a : sets) {
            int eq = a.indexOf('=');
            if (eq > 0 && Parameter.byKey(a.substring(0, eq).trim()).orElse(null) == target) {
                throw new ConfigException("--pressure-target and --set " + a + " both say where pressure events land; give one of them");
            }
        }
        all.add(target.key() + "=" + pressureTarget);
        return all;
    }

    @Option(names = "--workload-from-trace", paramLabel = "FILE",
            description = "Derives the workload from what a trace registers (JSON Lines, strace or ioctl-log; docs/replay.md) instead of --workload.")
    Path workloadFromTrace;

    /** The workload. */
    Workload workload() {
        return workloadFromTrace != null ? TraceWorkload.derive(workloadFromTrace) : WorkloadLoader.load(workload);
    }

    /** The world these options describe, under {@code scenario}. */
    WorldSpec spec(Scenario scenario) {
        List<String> problems = new ArrayList<>();
        if (iterations != null && iterations < 1) problems.add("--iterations must be at least 1, got " + iterations);
        if (guests < 1 || guests > 64) problems.add("--guests must be 1 to 64, got " + guests);
        if (!(pressure >= 0) || Double.isInfinite(pressure)) problems.add("--pressure must be a rate of 0 or more events per second, got " + pressure);
        long ram = 0;
        try {
            ram = ByteSizes.parse(hostRam);
            if (ram < (4L << 30)) problems.add("--host-ram must be at least 4GiB, got " + hostRam);
        } catch (IllegalArgumentException e) {
            problems.add("--host-ram: " + e.getMessage());
        }
        if (!problems.isEmpty()) throw new ConfigException(problems);
        TrapCostProfile p = profile();
        if (scenario == Scenario.MREMAP && Vmm.mremapRefusal(p) != null) throw new ConfigException(Vmm.mremapRefusal(p));
        Workload w = workload();
        return new WorldSpec(scenario, p, w, seed, guests, iterations != null ? iterations : w.iterations(), ram, pressure);
    }
}
