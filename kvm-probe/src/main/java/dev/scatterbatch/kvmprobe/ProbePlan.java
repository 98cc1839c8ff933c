package dev.scatterbatch.kvmprobe;

import java.util.Optional;

/**
 * How much {@code probe-kvm} measures. {@code samples} is the number of timed samples per loop operation and
 * per baseline; exits, which are short, get {@link #EXIT_SAMPLES_PER_SAMPLE} times as many. The default takes a
 * few seconds on the build machines; {@link #quick()} about one.
 *
 * @param samples    timed samples per operation (at least {@link #MIN_SAMPLES})
 * @param forcedMode the guest mode to use, or null to choose it from how CPL-0 code runs here
 */
public record ProbePlan(int samples, GuestMode forcedMode) {

    /** Samples per operation by default. */
    public static final int DEFAULT_SAMPLES = 200;
    /** Samples per operation with {@code --quick} (and in tests). */
    public static final int QUICK_SAMPLES = 20;
    /** Fewer samples make a p99 meaningless. */
    public static final int MIN_SAMPLES = 10;
    /** Exit round trips timed per sample of the other operations. */
    public static final int EXIT_SAMPLES_PER_SAMPLE = 20;
    /** Calls per baseline sample (a syscall is too short to time alone). */
    public static final int CALLS_PER_BASELINE_SAMPLE = 1000;

    /** Checks the sample count. */
    public ProbePlan {
        if (samples < MIN_SAMPLES) throw new IllegalArgumentException("samples per operation must be at least " + MIN_SAMPLES + ", got " + samples);
    }

    /** The default plan: {@value #DEFAULT_SAMPLES} samples, mode chosen by detection. */
    public static ProbePlan standard() {
        return new ProbePlan(DEFAULT_SAMPLES, null);
    }

    /** A short plan: {@value #QUICK_SAMPLES} samples, mode chosen by detection. */
    public static ProbePlan quick() {
        return new ProbePlan(QUICK_SAMPLES, null);
    }

    /** This plan with the guest mode fixed instead of detected. */
    public ProbePlan withMode(GuestMode mode) {
        return new ProbePlan(samples, mode);
    }

    /** The guest mode the user asked for, if any. */
    public Optional<GuestMode> mode() {
        return Optional.ofNullable(forcedMode);
    }

    /** Exit round trips to time. */
    int exitSamples() {
        return samples * EXIT_SAMPLES_PER_SAMPLE;
    }

    /**
     * Operations per batch in loop tests: as in docs/kvm-probe.md §2, 1000 where guest code runs natively (the
     * amortised exit is then about 1% of a kernel trap), 200 where it is emulated.
     */
    int opsPerBatch(boolean emulated) {
        return emulated ? 200 : 1000;
    }

    /** Round trips per batch in the kick-to-backend loop (each is several times a kernel trap). */
    int roundTripsPerBatch(boolean emulated) {
        return emulated ? 100 : 200;
    }

    /** Untimed runs before the timed ones, to warm caches, the JIT and the vCPU: at least this many... */
    int warmupSamples() {
        return Math.max(2, samples / 10);
    }

    /** ...and for at least this long, so the JIT has compiled the Java side of each test. */
    long guestWarmupNanos() {
        return samples >= DEFAULT_SAMPLES ? 100_000_000L : 40_000_000L;
    }

    /** Wall time to spend calling a baseline before timing it, so C2 has compiled the downcall. */
    long baselineWarmupNanos() {
        return samples >= DEFAULT_SAMPLES ? 200_000_000L : 50_000_000L;
    }
}
