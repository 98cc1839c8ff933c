package dev.scatterbatch.model.sim;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Seeded, named random streams. The stream for a name depends only on the seed and the name, so
 * scenarios that ask for the same stream see the same numbers (common random numbers), and adding a
 * stream elsewhere never shifts another one.
 */
public final class RandomStreams {

    private final long seed;

    /** Streams derived from {@code seed}. */
    public RandomStreams(long seed) {
        this.seed = seed;
    }

    /** The seed the streams derive from. */
    public long seed() {
        return seed;
    }

    /** A fresh generator for {@code name} (for example {@code "guest-0/allocator"}). */
    public SplittableRandom stream(String name) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h = mix(h ^ (b & 0xFF));
        }
        return new SplittableRandom(h);
    }

    // SplitMix64's finaliser: a bijective, well-spread 64-bit mix.
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
