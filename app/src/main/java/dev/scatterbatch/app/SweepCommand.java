package dev.scatterbatch.app;

import dev.scatterbatch.app.html.HtmlReport;
import dev.scatterbatch.app.report.BenchReport;
import dev.scatterbatch.app.run.Benchmark;
import dev.scatterbatch.app.run.Transport;
import dev.scatterbatch.app.run.WorldSpec;
import dev.scatterbatch.app.tune.ParallelMap;
import dev.scatterbatch.app.tune.SweepCharts;
import dev.scatterbatch.app.tune.SweepCsv;
import dev.scatterbatch.app.tune.SweepGrid;
import dev.scatterbatch.app.tune.SweepResult;
import dev.scatterbatch.app.tune.SweepTable;
import dev.scatterbatch.model.cost.ConfigException;
import dev.scatterbatch.model.scenario.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code scatterbatch sweep}: the benchmark over a grid of profile parameters and workload fields. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Runs the benchmark over a grid of profile parameters and workload fields; writes sweep.csv and charts "
                + "of score and %% of bare metal against the first --vary, one line per scenario (sweep-score.png/.svg, "
                + "sweep-percent.png/.svg; one panel per value of the other --vary's).")
public final class SweepCommand implements Callable<Integer> {

    private static final DateTimeFormatter FOLDER_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    @Spec
    CommandSpec spec;

    @Mixin
    WorldOptions world;

    @Option(names = "--vary", paramLabel = "NAME=VALUES", required = true,
            description = "A profile parameter or workload field and its values (repeatable; several make a grid): "
                    + "kfdAllocFixed=5us..100us:8 (8 values in equal steps), kfdAllocFixed=5us..100us:8log (equal ratios), "
                    + "kfdAllocFixed=5us,20us,80us (a list), buffers[0].fragmentation.runPages=2000,80,8,4,1.")
    List<String> varies = new ArrayList<>();

    @Option(names = "--log", description = "Logarithmic steps for every range that does not say lin or log itself.")
    boolean log;

    @Option(names = "--scenarios", paramLabel = "LIST", defaultValue = Scenario.DEFAULT_LIST,
            description = "Comma-separated scenarios, one line each (default: ${DEFAULT-VALUE}).")
    String scenarios;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Folder for sweep.csv and the charts (default: a new folder sweep-<date>-<time> in the current folder).")
    Path out;

    @Option(names = "--report", paramLabel = "FILE.html",
            description = "Also write one self-contained HTML report: the charts, the table and the parameters used.")
    Path report;

    @Mixin
    ThreadsOption threads;

    @Override
    public Integer call() throws IOException {
        SweepGrid grid = SweepGrid.parse(varies, log);
        List<Scenario> list = Scenario.parseList(scenarios);
        int workers = threads.count();
        WorldSpec base = world.spec(Scenario.BARE_METAL);
        List<WorldSpec> worlds = SweepWorlds.of(base, grid);
        worlds.forEach(Benchmark::requireBoundedCost);
        Path folder;
        try {
            folder = out != null ? Files.createDirectories(out) : newFolder(Path.of(""), LocalDateTime.now());
        } catch (IOException e) {
            throw new ConfigException("--out " + (out != null ? out : ".") + ": cannot create the folder (" + e.getMessage() + ")");
        }
        List<BenchReport> reports;
        try (Progress progress = Progress.onTerminal("sweep", grid.size())) {
            reports = ParallelMap.map(worlds, w -> Benchmark.run(w, list, Transport.DIRECT, i -> { }), workers, progress::step);
        }
        String context = String.format(Locale.ROOT, "workload %s, profile %s, seed %d, %d iteration%s, %d guest%s",
                base.workload().name(), base.profile().name(), base.seed(), base.iterations(), base.iterations() == 1 ? "" : "s",
                base.guests(), base.guests() == 1 ? "" : "s");
        SweepResult result = new SweepResult(grid, context, reports);
        Path csv = folder.resolve("sweep.csv");
        Files.writeString(csv, SweepCsv.render(result));
        List<Path> files = new ArrayList<>(List.of(csv));
        files.addAll(SweepCharts.write(result, folder));
        if (report != null) {
            files.add(ReportFile.write(report, new HtmlReport("scatterbatch sweep: " + context).sweep(result)
                    .parameters(ReportFile.command(spec), base)));
        }
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "scatterbatch sweep: %s%n%n", context);
        o.print(SweepTable.render(result));
        long stopped = reports.stream().flatMap(r -> r.scenarios().stream()).filter(s -> s.error() != null).count();
        if (stopped > 0) {
            o.printf(Locale.ROOT, "%n%d scenario run%s stopped early (their errors are in the error column of sweep.csv).%n",
                    stopped, stopped == 1 ? "" : "s");
        }
        o.printf(Locale.ROOT, "%nwrote %s%n", String.join(", ", files.stream().map(f -> f.normalize().toString()).toList()));
        if (out == null) o.printf(Locale.ROOT, "results are in %s%n", folder.toAbsolutePath().normalize());
        o.flush();
        return 0;
    }

    /**
     * A new folder {@code sweep-<yyyyMMdd-HHmmss>} in {@code parent} for a sweep started at {@code now}, so
     * sweeps never mix their files; {@code -2}, {@code -3}... when one of that second exists.
     */
    static Path newFolder(Path parent, LocalDateTime now) throws IOException {
        String name = "sweep-" + FOLDER_TIME.format(now);
        for (int n = 1; ; n++) {
            Path candidate = parent.resolve(n == 1 ? name : name + "-" + n);
            try {
                return Files.createDirectory(candidate);
            } catch (FileAlreadyExistsException taken) {
                // another sweep started in the same second: take the next suffix
            }
        }
    }
}
