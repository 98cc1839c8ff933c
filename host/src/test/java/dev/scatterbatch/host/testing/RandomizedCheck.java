package dev.scatterbatch.host.testing;

import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Property checks over seeded random inputs, on plain JUnit. Each try gets its own random stream derived from a base
 * seed, so a failure names the one seed that reproduces it. The base seed is fixed (deterministic CI); set the system
 * property {@code scatterbatch.check.seed} to explore other inputs.
 */
public final class RandomizedCheck {

    private static final long DEFAULT_SEED = 0x5CA77E2BA7C4L;

    private RandomizedCheck() {
    }

    /** The base seed of this run. */
    public static long baseSeed() {
        return Long.getLong("scatterbatch.check.seed", DEFAULT_SEED);
    }

    /**
     * Runs {@code check} {@code tries} times, each with a fresh random stream.
     *
     * @throws AssertionError naming the failing try's seed, with the original failure as its cause
     */
    public static void forAll(int tries, Consumer<SplittableRandom> check) {
        SplittableRandom seeds = new SplittableRandom(baseSeed());
        for (int i = 0; i < tries; i++) {
            long seed = seeds.nextLong();
            try {
                check.accept(new SplittableRandom(seed));
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError("try " + i + " failed; reproduce with RandomizedCheck.once(" + seed + "L, ...): " + e, e);
            }
        }
    }

    /** Runs {@code check} once with the stream of {@code seed} (to reproduce a failure). */
    public static void once(long seed, Consumer<SplittableRandom> check) {
        check.accept(new SplittableRandom(seed));
    }
}
