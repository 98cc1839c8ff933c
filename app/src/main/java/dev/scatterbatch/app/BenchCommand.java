package dev.scatterbatch.app;

import dev.scatterbatch.app.perf.PerfBenchmark;
import dev.scatterbatch.app.html.HtmlReport;
import dev.scatterbatch.app.report.BenchFormats;
import dev.scatterbatch.app.report.BenchReport;
import dev.scatterbatch.app.report.PressureCurveFormats;
import dev.scatterbatch.app.run.Benchmark;
import dev.scatterbatch.app.run.PressureCurve;
import dev.scatterbatch.app.run.Transport;
import dev.scatterbatch.app.run.WorldSpec;
import dev.scatterbatch.model.cost.ConfigException;
import dev.scatterbatch.model.scenario.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code scatterbatch bench}: runs the scenarios on a workload and profile and prints the table. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Runs the virtualized benchmark: each scenario's score, %% of bare metal, forwarded requests, "
                + "VM exits, host ioctls and ranges per buffer, and where the iteration time goes.")
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    WorldOptions world;

    @Option(names = "--scenarios", paramLabel = "LIST", defaultValue = Scenario.DEFAULT_LIST,
            description = "Comma-separated scenarios: bare-metal, per-range, batch, batch-v4, mremap, svm-pinned, svm (default: ${DEFAULT-VALUE}).")
    String scenarios;

    @Option(names = "--transport", paramLabel = "direct|eventbus|cluster", defaultValue = "direct",
            description = "direct (plain calls), eventbus (verticles over the Vert.x event bus) or cluster (guests and host on two "
                    + "clustered Vert.x nodes, messages as JSON); the same numbers on each (default: ${DEFAULT-VALUE}).")
    String transport;

    @Option(names = "--format", paramLabel = "table|json|csv", defaultValue = "table",
            description = "Output format (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--perf", description = "Measure the simulator itself instead: host ioctls per wall second on each transport, heap allocated per ioctl, and registering one 4000-range batch of 1 GiB ranges (--format table or json).")
    boolean perf;

    @Option(names = "--pressure-curve", arity = "0..1", paramLabel = "RATES", fallbackValue = "0,10,30,100,300,1000",
            description = "Print each scenario's score at these rates of invalidating host memory events per simulated second "
                    + "(default list: ${FALLBACK-VALUE}); batch scenarios under both restore granularities.")
    String pressureCurve;

    @Option(names = "--report", paramLabel = "FILE.html",
            description = "Also write one self-contained HTML report: the table with its attribution as stacked bars (or the "
                    + "pressure curve), and the parameters used.")
    Path report;

    @Override
    public Integer call() {
        if (pressureCurve != null) return curve();
        if (perf) {
            OutputFormat out = OutputFormat.parse(format);
            if (out == OutputFormat.CSV) throw new ConfigException("bench --perf prints a table or JSON, not csv");
            PerfBenchmark.Result result = PerfBenchmark.run(world.spec(Scenario.PER_RANGE));
            spec.commandLine().getOut().print(out == OutputFormat.JSON ? PerfBenchmark.json(result) : PerfBenchmark.table(result));
            spec.commandLine().getOut().flush();
            return 0;
        }
        List<Scenario> list = Scenario.parseList(scenarios);
        Transport t = Transport.parse(transport);
        OutputFormat out = OutputFormat.parse(format);
        WorldSpec base = world.spec(Scenario.BARE_METAL);
        Benchmark.requireBoundedCost(base);
        try (Progress progress = Progress.onTerminal("bench", list.size() + 1)) {
            BenchReport result = Benchmark.run(base, list, t, i -> progress.step());
            progress.close();
            spec.commandLine().getOut().print(switch (out) {
                case TABLE -> BenchFormats.table(result);
                case JSON -> BenchFormats.json(result);
                case CSV -> BenchFormats.csv(result);
            });
            if (report != null) {
                ReportFile.write(report, new HtmlReport("scatterbatch bench: workload " + base.workload().name() + ", profile "
                        + base.profile().name()).bench("bench", result).parameters(ReportFile.command(spec), base));
            }
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    private int curve() {
        List<Double> rates = parseRates(pressureCurve);
        List<Scenario> list = Scenario.parseList(scenarios);
        Transport t = Transport.parse(transport);
        OutputFormat out = OutputFormat.parse(format);
        WorldSpec base = world.spec(Scenario.BARE_METAL);
        Benchmark.requireBoundedCost(base.withPressure(rates.stream().mapToDouble(Double::doubleValue).max().orElse(0)),
                "--pressure-curve rate");
        PressureCurve curve;
        try (Progress progress = Progress.onTerminal("pressure curve", rates.size() * list.size() * 2)) {
            curve = PressureCurve.run(base, list, rates, t, i -> progress.step());
        }
        spec.commandLine().getOut().print(switch (out) {
            case TABLE -> PressureCurveFormats.table(curve, String.format(Locale.ROOT,
                    "scatterbatch bench --pressure-curve: workload %s, profile %s, seed %d, %d iterations, %d guest%s",
                    base.workload().name(), base.profile().name(), base.seed(), base.iterations(), base.guests(), base.guests() == 1 ? "" : "s"));
            case JSON -> PressureCurveFormats.json(curve);
            case CSV -> PressureCurveFormats.csv(curve);
        });
        if (report != null) {
            ReportFile.write(report, new HtmlReport("scatterbatch bench --pressure-curve: workload " + base.workload().name()
                    + ", profile " + base.profile().name()).pressureCurve("score against host memory pressure", curve)
                    .parameters(ReportFile.command(spec), base));
        }
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static List<Double> parseRates(String csv) {
        List<Double> rates = new ArrayList<>();
        for (String part : csv.split(",")) {
            if (part.isBlank()) continue;
            double r;
            try {
                r = Double.parseDouble(part.trim());
            } catch (NumberFormatException e) {
                throw new ConfigException("--pressure-curve: '" + part.trim() + "' is not a rate (events per second, such as 0,10,100)");
            }
            if (!(r >= 0) || Double.isInfinite(r)) throw new ConfigException("--pressure-curve: rates must be 0 or more, got " + part.trim());
            rates.add(r);
        }
        if (rates.isEmpty()) throw new ConfigException("--pressure-curve: give at least one rate, such as 0,10,100");
        return rates;
    }
}
