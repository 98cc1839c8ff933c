package dev.scatterbatch.app;

import dev.scatterbatch.kvmprobe.GuestMode;
import dev.scatterbatch.kvmprobe.KvmProbeResult;
import dev.scatterbatch.kvmprobe.KvmProber;
import dev.scatterbatch.kvmprobe.ProbePlan;
import dev.scatterbatch.kvmprobe.ProbeReport;
import dev.scatterbatch.kvmprobe.TrapCostDerivation;
import dev.scatterbatch.model.cost.ConfigException;
import dev.scatterbatch.model.cost.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code scatterbatch probe-kvm}: measures this host's trap costs through {@code /dev/kvm}, prints them as a
 * table with the profile parameters they determine, and with {@code --write FILE} writes that profile.
 */
@Command(name = "probe-kvm", mixinStandardHelpOptions = true,
        description = {"Measures real trap costs on this host through /dev/kvm (a raw KVM guest, no QEMU) and derives "
                + "kickExit, vmExitUser, vmmWakeup and hostIoctl from them.",
                "Takes a few seconds (--quick: about one). See docs/tuning.md."})
public final class ProbeKvmCommand implements Callable<Integer> {

    /** A load average from which the wake-up figures are likely disturbed by other work. */
    private static final double BUSY_LOAD_AVERAGE = 1.0;

    @Spec
    private CommandSpec spec;

    @Option(names = "--write", paramLabel = "FILE", description = "also write the derived profile as YAML to FILE")
    private Path write;

    @Option(names = "--quick", description = "fewer samples (" + ProbePlan.QUICK_SAMPLES + " per operation): coarser figures, in about a second")
    private boolean quick;

    @Option(names = "--iterations", paramLabel = "N",
            description = "timed samples per operation (default " + ProbePlan.DEFAULT_SAMPLES + ", at least " + ProbePlan.MIN_SAMPLES
                    + "); exits take " + ProbePlan.EXIT_SAMPLES_PER_SAMPLE + "x as many")
    private Integer iterations;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "auto",
            description = "guest mode: auto (CPL 0 where it runs natively, else CPL 3), lm3 or lm0 (default: ${DEFAULT-VALUE})")
    private String mode;

    @Override
    public Integer call() {
        ProbePlan plan = plan();
        if (write != null) requireWritableDirectory(write);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (System.console() != null) err.println("probing /dev/kvm...");
        double load = loadAverage();
        if (load >= BUSY_LOAD_AVERAGE) {
            err.printf(Locale.ROOT, "note: the 1-minute load average is %.2f; the probe pins its vCPU and backend threads to two CPUs "
                    + "and its wake-up figures assume nothing else runs there%n", load);
        }
        KvmProbeResult result = KvmProber.probe(plan);
        out.print(ProbeReport.table(result));
        out.println();
        out.println("Profile parameters derived from it:");
        for (TrapCostDerivation.Derived d : TrapCostDerivation.derive(result)) {
            out.printf("  %-11s %-9s %s%n", d.parameter().key(), Durations.format(d.valueNs()), d.source());
        }
        if (write != null) {
            String yaml = TrapCostDerivation.yaml(result, "measured on " + hostName() + ", Linux "
                    + System.getProperty("os.version") + ", " + OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS));
            try {
                Files.writeString(write, yaml);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the profile to " + write + ": " + e.getMessage(), e);
            }
            out.println("wrote " + write + " (use it with --profile " + write + ")");
        }
        out.flush();
        return 0;
    }

    private ProbePlan plan() {
        if (quick && iterations != null) throw new ConfigException("--quick and --iterations are alternatives: give one");
        int samples = iterations != null ? iterations : quick ? ProbePlan.QUICK_SAMPLES : ProbePlan.DEFAULT_SAMPLES;
        if (samples < ProbePlan.MIN_SAMPLES) {
            throw new ConfigException("--iterations must be at least " + ProbePlan.MIN_SAMPLES + " (samples per operation), got " + samples);
        }
        ProbePlan plan = new ProbePlan(samples, null);
        if ("auto".equals(mode.trim())) return plan;
        try {
            return plan.withMode(GuestMode.parse(mode));
        } catch (ConfigException e) {
            throw new ConfigException("--mode " + mode + ": expected auto, lm3 or lm0");
        }
    }

    private static void requireWritableDirectory(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) throw new ConfigException("--write " + file + ": directory " + dir + " does not exist");
        if (Files.isDirectory(file)) throw new ConfigException("--write " + file + ": is a directory, not a file");
    }

    /** The 1-minute load average, or 0 when the kernel does not say. */
    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException | RuntimeException e) {
            return "this host";
        }
    }
}
