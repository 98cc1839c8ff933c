package dev.scatterbatch.app;

import dev.scatterbatch.app.run.Benchmark;
import dev.scatterbatch.app.run.WorldSpec;
import dev.scatterbatch.app.tune.Calibration;
import dev.scatterbatch.app.tune.CalibrationReport;
import dev.scatterbatch.app.tune.Calibrator;
import dev.scatterbatch.app.tune.Observation;
import dev.scatterbatch.app.tune.Observations;
import dev.scatterbatch.model.cost.ConfigException;
import dev.scatterbatch.model.cost.Parameter;
import dev.scatterbatch.model.cost.ProfileLoader;
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

/** {@code scatterbatch calibrate}: fits chosen profile parameters to observed scores. */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = "Fits chosen profile parameters to the scores you observed, by least squares within each parameter's "
                + "valid range; prints residuals, each parameter's elasticity per observation and what the observations "
                + "cannot identify, and writes the fitted profile with --write. Each simulated run is " + CalibrateCommand.DEFAULT_ITERATIONS
                + " iterations unless --iterations says otherwise.")
public final class CalibrateCommand implements Callable<Integer> {

    /** Iterations per simulated run when --iterations is not given: fixed-run workloads repeat exactly. */
    static final int DEFAULT_ITERATIONS = 3;

    @Spec
    CommandSpec spec;

    @Mixin
    WorldOptions world;

    @Option(names = "--observed", paramLabel = "SCENARIO=SCORE,...[@QUALIFIER...]", required = true,
            description = "Observed scores (repeatable), e.g. bare-metal=200000,per-range=80000,batch=175000. Qualifiers say "
                    + "what they were measured under: @WORKLOAD (name or file), @path=value (a workload field, e.g. "
                    + "@buffers[0].fragmentation.runPages=1), @parameter=value (a profile parameter not fitted, e.g. @splitLocation=guest).")
    List<String> observed = new ArrayList<>();

    @Option(names = "--fit", paramLabel = "LIST", required = true,
            description = "Comma-separated parameters to fit (durations and factors), e.g. kfdAllocFixed,gpuMapPerCall,guestComputeSlowdown.")
    String fit;

    @Option(names = "--write", paramLabel = "FILE", description = "Writes the fitted profile (YAML) to FILE.")
    Path write;

    @Option(names = "--score-error", paramLabel = "PERCENT", defaultValue = "1%",
            description = "Relative error of an observed score, for the uncertainties and identifiability (default: ${DEFAULT-VALUE}).")
    String scoreError;

    @Option(names = "--max-iterations", paramLabel = "N", defaultValue = "100",
            description = "Most least-squares iterations (default: ${DEFAULT-VALUE}).")
    int maxIterations;

    @Mixin
    ThreadsOption threads;

    @Override
    public Integer call() throws IOException {
        List<Parameter> parameters = Calibrator.parseFit(fit);
        List<Observation> observations = Observations.parse(observed, parameters);
        double error = parseScoreError(scoreError);
        if (maxIterations < 1) throw new ConfigException("--max-iterations must be at least 1, got " + maxIterations);
        int workers = threads.count();
        WorldSpec base = world.spec(Scenario.BARE_METAL);
        Benchmark.requireBoundedCost(base);
        if (world.iterations == null) {
            base = base.withIterations(DEFAULT_ITERATIONS);
        }
        SimulatedScores model = SimulatedScores.of(base, observations);
        double[] scores = observations.stream().mapToDouble(Observation::score).toArray();
        Calibration c = Calibrator.fit(model, base.profile(), parameters, scores, new Calibrator.Options(maxIterations, workers, error));
        String context = String.format(Locale.ROOT, "workload %s, seed %d, %d iteration%s per run", base.workload().name(),
                base.seed(), base.iterations(), base.iterations() == 1 ? "" : "s");
        PrintWriter o = spec.commandLine().getOut();
        o.print(CalibrationReport.render(c, observations.stream().map(Observation::label).toList(), context));
        if (write != null) {
            String comment = "fitted by scatterbatch calibrate from profile " + c.start().name() + ", " + context
                    + "\n--fit " + fit + "\n--observed " + String.join(" --observed ", observed)
                    + String.format(Locale.ROOT, "\nRMS residual %.4f%%", 100 * c.rmsResidual());
            Files.writeString(write, ProfileLoader.toYaml(c.fitted(), comment));
            o.printf(Locale.ROOT, "%nwrote %s%n", write);
        }
        o.flush();
        return 0;
    }

    private static double parseScoreError(String text) {
        String t = text.trim();
        try {
            double v = t.endsWith("%") ? Double.parseDouble(t.substring(0, t.length() - 1).trim()) / 100 : Double.parseDouble(t);
            if (v > 0 && v <= 0.5) return v;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException("--score-error must be a relative error above 0 and at most 50%, such as 1% or 0.01, got '" + text + "'");
    }
}
