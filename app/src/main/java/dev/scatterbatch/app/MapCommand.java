package dev.scatterbatch.app;

import dev.scatterbatch.app.cluster.WorldFarm;
import dev.scatterbatch.app.html.HtmlReport;
import dev.scatterbatch.app.run.PressureCurve;
import dev.scatterbatch.app.run.WorldSpec;
import dev.scatterbatch.app.tune.MapCell;
import dev.scatterbatch.app.tune.DesignMap;
import dev.scatterbatch.app.tune.MapCharts;
import dev.scatterbatch.app.tune.MapFormats;
import dev.scatterbatch.app.tune.SweepGrid;
import dev.scatterbatch.model.cost.ConfigException;
import dev.scatterbatch.model.scenario.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code scatterbatch map}: which registration design wins where, over a grid of conditions. */
@Command(name = "map", mixinStandardHelpOptions = true,
        description = "Runs every design over a grid of conditions and prints, per cell, the winning design, its score, the "
                + "runner-up, the margin and the attribution component that decides; writes map.csv and a chart per pair of "
                + "axes (map-X-Y.png/.svg: winner as colour, margin as shade, the operating point marked).")
public final class MapCommand implements Callable<Integer> {

    /** The default grid: the conditions the patch series' designs were argued over. */
    static final List<String> DEFAULT_AXES = List.of("rangesPerBuffer=2,50,500,4000", "rangeSize=4KiB,32KiB,2MiB,1GiB",
            "pressure=0,100,1000", "guests=1,4", "nested=off,on");
    /** Iterations per world unless told: enough for pressure events to average over, few enough for minutes. */
    static final int DEFAULT_ITERATIONS = 3;

    @Spec
    CommandSpec spec;

    @Mixin
    WorldOptions world;

    @Option(names = "--vary", paramLabel = "NAME=VALUES",
            description = "An axis of the grid (repeatable; replaces the default grid): rangesPerBuffer, rangeSize, pressure, "
                    + "guests, nested, or any profile parameter or workload field, with values as sweep takes them "
                    + "(default: rangesPerBuffer=2,50,500,4000 rangeSize=4KiB,32KiB,2MiB,1GiB pressure=0,100,1000 guests=1,4 nested=off,on).")
    List<String> varies = new ArrayList<>();

    @Option(names = "--log", description = "Logarithmic steps for every range that does not say lin or log itself.")
    boolean log;

    @Option(names = "--scenarios", paramLabel = "LIST", defaultValue = "per-range,batch,batch-v4,mremap,svm-pinned,svm",
            description = "The designs to compare (bare metal always runs, as the reference) (default: ${DEFAULT-VALUE}).")
    String scenarios;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = ".",
            description = "Folder for map.csv and the charts (default: the current folder).")
    Path out;

    @Option(names = "--report", paramLabel = "FILE.html",
            description = "Also write one self-contained HTML report: the maps, the bench table at the operating point with its "
                    + "attribution, the pressure curve there, and the parameters used.")
    Path report;

    @Mixin
    ThreadsOption threads;

    @Mixin
    CoordinatorOptions coordinator;

    @Override
    public Integer call() throws IOException {
        SweepGrid grid = SweepGrid.parse(varies.isEmpty() ? DEFAULT_AXES : varies, log);
        List<Scenario> designs = Scenario.parseList(scenarios).stream().filter(s -> s != Scenario.BARE_METAL).toList();
        if (designs.isEmpty()) throw new ConfigException("--scenarios: name at least one design besides bare-metal");
        int workers = threads.count();
        WorldSpec base = world.spec(Scenario.BARE_METAL);
        if (world.iterations == null) base = base.withIterations(DEFAULT_ITERATIONS);
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new ConfigException("--out " + out + ": cannot create the folder (" + e.getMessage() + ")");
        }
        String context = String.format(Locale.ROOT, "workload %s, profile %s, seed %d, %d iteration%s per world",
                base.workload().name(), base.profile().name(), base.seed(), base.iterations(), base.iterations() == 1 ? "" : "s");
        DesignMap map;
        if (coordinator.enabled()) {
            try (WorldFarm farm = coordinator.start(workers, "map")) {
                map = DesignMaps.run(base, grid, designs, context, farm::runJobs);
            }
        } else {
            try (Progress progress = Progress.onTerminal("map", DesignMaps.steps(base, grid, designs))) {
                map = DesignMaps.run(base, grid, designs, context, DesignMaps.onThreads(workers, progress::step));
            }
        }
        Path csv = out.resolve("map.csv");
        Files.writeString(csv, MapFormats.csv(map));
        List<Path> files = new ArrayList<>(List.of(csv));
        files.addAll(MapCharts.write(map, out));
        if (report != null) {
            HtmlReport html = new HtmlReport("scatterbatch map: " + context).designMap(map);
            MapCell op = map.operatingCell();
            if (op.report() != null) html.bench("bench " + map.operatingCellHeading(), op.report());
            PressureCurve curve = DesignMaps.pressureCurve(map, base);
            if (curve != null) html.pressureCurve("score against pressure, the other axes nearest the operating point", curve);
            files.add(ReportFile.write(report, html.parameters(ReportFile.command(spec), base)));
        }
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "scatterbatch map: %s; designs %s; a design slower than %d unloaded bare-metal iterations per "
                + "iteration counts as stalled%n%n", context, String.join(", ", designs.stream().map(Scenario::key).toList()),
                DesignMaps.COLLAPSE_FACTOR);
        o.print(MapFormats.table(map));
        o.printf(Locale.ROOT, "%nwrote %s%n", String.join(", ", files.stream().map(f -> f.normalize().toString()).toList()));
        o.flush();
        return 0;
    }
}
