package dev.scatterbatch.dashboards;

import dev.scatterbatch.model.cost.Parameter;
import dev.scatterbatch.model.cost.ParameterKind;
import dev.scatterbatch.model.uapi.IoctlCommand;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.scatterbatch.model.metrics.MetricNames.BENCHMARK_SCORE;
import static dev.scatterbatch.model.metrics.MetricNames.CMD;
import static dev.scatterbatch.model.metrics.MetricNames.BUFFERS_REGISTERED;
import static dev.scatterbatch.model.metrics.MetricNames.FORWARDED_REQUESTS;
import static dev.scatterbatch.model.metrics.MetricNames.HOST_IOCTLS;
import static dev.scatterbatch.model.metrics.MetricNames.PARAMETER_CHANGES;
import static dev.scatterbatch.model.metrics.MetricNames.PROFILE_PARAMETER;
import static dev.scatterbatch.model.metrics.MetricNames.SCENARIO;
import static dev.scatterbatch.model.metrics.MetricNames.TIME_ATTRIBUTION;
import static dev.scatterbatch.model.metrics.MetricNames.VIRTUAL_TIME;
import static dev.scatterbatch.model.metrics.MetricNames.VM_EXITS;

/**
 * The overview: how each registration scenario scores, how far from bare metal, what each registered
 * buffer costs in round trips, exits and ioctls, where the time goes, and the cost parameters with
 * their changes marked.
 */
public final class OverviewDashboard {

    /** The dashboard's uid. */
    public static final String UID = "scatterbatch-overview";

    /** The scenario every other is compared with (docs/architecture.md §1). */
    static final String BARE_METAL = "bare-metal";

    private static final PromQl FILTERED = new PromQl(List.of(SCENARIO));
    private static final PromQl JOB_ONLY = new PromQl(List.of());

    private OverviewDashboard() {
    }

    /** Builds the dashboard. */
    public static Dashboard build() {
        String score = "avg by (scenario) (" + FILTERED.select(BENCHMARK_SCORE) + ")";
        // The denominator ignores the scenario filter, so the ratio holds whatever scenarios are shown.
        String shareOfBareMetal = score + " / on() group_left() avg("
                + JOB_ONLY.select(BENCHMARK_SCORE, SCENARIO + "=\"" + BARE_METAL + "\"") + ")";
        String speed = "avg(deriv(" + JOB_ONLY.select(VIRTUAL_TIME) + "[" + PromQl.RATE_INTERVAL + "]))";
        String attribution = FILTERED.rateBy("scenario, component", TIME_ATTRIBUTION)
                + " / on(scenario) group_left() " + FILTERED.rateBy("scenario", TIME_ATTRIBUTION);
        String buffers = FILTERED.rateBy("scenario", BUFFERS_REGISTERED);
        // the registration path, as bench counts it: teardown's UNMAP and FREE would double every count
        String registrationIoctls = PromQl.sumBy("scenario", PromQl.rate(FILTERED.select(HOST_IOCTLS, CMD + "=~\""
                + Arrays.stream(IoctlCommand.values()).filter(IoctlCommand::registrationPath).map(Enum::name).sorted()
                .collect(Collectors.joining("|")) + "\"")));

        Target scores = Target.of("A", score, "{{scenario}}");
        Target shares = Target.of("A", shareOfBareMetal, "{{scenario}}");

        return Boards.start(UID, "scatterbatch: overview",
                        "Benchmark score of each registration scenario, its cost per registered buffer, where the "
                                + "simulated time goes, and the cost profile (changes marked as annotations).")
                .variable(Variable.labelFilter(SCENARIO, "Scenario", PromQl.filteredByJob(BENCHMARK_SCORE.prometheusName())))
                .annotation(Annotation.of("Parameter changes",
                        "sum(increase(" + JOB_ONLY.select(PARAMETER_CHANGES) + "[" + PromQl.RATE_INTERVAL + "])) > 0",
                        "5s", "Cost profile changed", "A PUT /api/params was applied (the serve log lists the values)"))

                .row("Scores")
                .panel(8, 5, Panel.stat("Score now",
                        "Benchmark score K / T_iteration of the most recent iterations, by scenario.",
                        "none", scores))
                .panel(8, 5, Panel.stat("Share of bare metal now",
                        "Score divided by the bare-metal score: what the virtualization and the registration "
                                + "strategy leave of native performance.",
                        "percentunit", shares))
                .panel(8, 5, Panel.stat("Simulation speed",
                        "Simulated seconds per wall-clock second (serve --speed); 0 means the model stopped.",
                        "none", Target.of("A", speed, "speed")))
                .panel(12, 8, Panel.timeseries("Benchmark score by scenario",
                        "Benchmark score K / T_iteration by scenario; bare metal scores 200,000 under the default "
                                + "profile and the seed-opencl workload.",
                        "none", scores))
                .panel(12, 8, Panel.timeseries("Score as a share of bare metal",
                        "Each scenario's score divided by the bare-metal score.", "percentunit", shares))

                .row("Cost per registered buffer")
                .panel(8, 8, perBuffer("Forwarded requests per registered buffer",
                        "Guest-to-VMM round trips (virtio-gpu requests) per registered buffer: rate of "
                                + "forwarded requests over rate of registered buffers.",
                        FILTERED.rateBy("scenario", FORWARDED_REQUESTS) + " / " + buffers))
                .panel(8, 8, perBuffer("VM exits per registered buffer",
                        "VM exits of every reason per registered buffer.",
                        FILTERED.rateBy("scenario", VM_EXITS) + " / " + buffers))
                .panel(8, 8, perBuffer("Host ioctls per registered buffer",
                        "KFD ioctls of the registration path (ALLOC or ALLOC_BATCH, and MAP) issued on the host "
                                + "per registered buffer, as bench counts them: per-range two per range, batch and "
                                + "bare metal two. Teardown's UNMAP and FREE are not counted.",
                        registrationIoctls + " / " + buffers))

                .row("Time attribution")
                .panel(8, 9, Panel.timeseries("Where the time goes: $scenario",
                        "Share of simulated time charged to each component (compute, guest syscalls, transport, "
                                + "host ioctl entry, KFD fixed work, GPU mapping, per-range, per-page, eviction "
                                + "stalls); the components add up to the whole iteration.",
                        "percentunit", Target.of("A", attribution, "{{component}}"))
                        .stacked().range(0, 1).repeatedBy(SCENARIO, 3))

                .row("Cost profile")
                .panel(12, 8, Panel.timeseries("Cost parameters: durations",
                        "Current value of each duration parameter of the cost profile; steps show PUT /api/params.",
                        "s", Target.of("A", parameters(ParameterKind.DURATION), "{{name}}")).logScale())
                .panel(12, 8, Panel.timeseries("Cost parameters: factors and counts",
                        "Current value of each dimensionless parameter of the cost profile (factors, "
                                + "vm.max_map_count).",
                        "none", Target.of("A", parameters(ParameterKind.FACTOR, ParameterKind.COUNT), "{{name}}"))
                        .logScale())
                .build();
    }

    private static Panel perBuffer(String title, String description, String expr) {
        return Panel.timeseries(title, description, "none", Target.of("A", expr, "{{scenario}}"));
    }

    /** The profile gauge of every numeric parameter of the given kinds, one series per parameter. */
    private static String parameters(ParameterKind... kinds) {
        Set<ParameterKind> wanted = Set.of(kinds);
        String names = Arrays.stream(Parameter.values()).filter(p -> wanted.contains(p.kind()))
                .map(Parameter::key).collect(Collectors.joining("|"));
        return "max by (name) (" + JOB_ONLY.select(PROFILE_PARAMETER, "name=~\"" + names + "\"") + ")";
    }
}
