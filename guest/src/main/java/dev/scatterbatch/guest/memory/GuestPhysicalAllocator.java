package dev.scatterbatch.guest.memory;

import dev.scatterbatch.extent.ExtentSet;
import dev.scatterbatch.extent.ExtentSet.Extent;
import dev.scatterbatch.guest.memory.Fragmentation.Aged;
import dev.scatterbatch.guest.memory.Fragmentation.FixedRuns;
import dev.scatterbatch.guest.memory.Fragmentation.Placement;
import dev.scatterbatch.guest.memory.Fragmentation.RunLength;
import dev.scatterbatch.guest.memory.Fragmentation.RunLengths;
import dev.scatterbatch.model.config.ByteSizes;

import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * The guest kernel's physical page allocator over guest RAM {@code [0, ramBytes)}: a region of normal 4 KiB
 * pages {@code [0, ramBytes - hugePagePoolBytes)} and, above it, a 2 MiB huge-page pool (hugetlbfs-style
 * backing: every run there is 2 MiB aligned and a whole number of 2 MiB pages). Free memory is tracked as
 * extents, so the cost of an allocation grows with its runs, never with its pages.
 *
 * <p>The {@link Fragmentation} of a request decides its runs. {@code fixed-runs} and {@code run-lengths} carve
 * runs next-fit from the lowest free address, one granule (page or huge page) apart; {@code aged} first ages
 * the region by churn (once per allocator; see {@link Aging}), then takes whole free extents. Deterministic for
 * the same sequence of calls and random streams.
 */
public final class GuestPhysicalAllocator {

    private final long ramBytes;
    private final Region normal;
    private final Region hugePool;

    /**
     * Guest RAM of {@code ramBytes}, of which the top {@code hugePagePoolBytes} are the huge-page pool.
     *
     * @throws IllegalArgumentException unless both are whole numbers of 2 MiB and the pool fits in RAM
     */
    public GuestPhysicalAllocator(long ramBytes, long hugePagePoolBytes) {
        if (ramBytes <= 0 || ramBytes % ByteSizes.HUGE_PAGE != 0) {
            throw new IllegalArgumentException("guest RAM " + ramBytes + " is not a positive whole number of 2 MiB");
        }
        if (hugePagePoolBytes < 0 || hugePagePoolBytes > ramBytes || hugePagePoolBytes % ByteSizes.HUGE_PAGE != 0) {
            throw new IllegalArgumentException("huge-page pool " + hugePagePoolBytes
                    + " must be a whole number of 2 MiB no larger than guest RAM " + ramBytes);
        }
        this.ramBytes = ramBytes;
        this.normal = new Region("normal region", 0, ramBytes - hugePagePoolBytes, ByteSizes.PAGE);
        this.hugePool = new Region("huge-page pool", ramBytes - hugePagePoolBytes, hugePagePoolBytes, ByteSizes.HUGE_PAGE);
    }

    /** Size of guest RAM. */
    public long ramBytes() {
        return ramBytes;
    }

    /** Size of the huge-page pool. */
    public long hugePagePoolBytes() {
        return hugePool.size;
    }

    /**
     * Allocates a buffer of {@code bytes}, scattered as {@code fragmentation} says, from the huge-page pool when
     * {@code hugePages}, else from normal pages.
     *
     * @param random the stream every random choice (run lengths, aging, placement) draws from
     * @return the runs in buffer order
     * @throws GuestMemoryExhaustedException when the region cannot hold the buffer; nothing is allocated then
     * @throws IllegalArgumentException      when {@code bytes} or a run length is not a whole number of the
     *                                       region's pages, or {@code bytes} is not a whole number of fixed runs
     */
    public ScatterList allocate(long bytes, Fragmentation fragmentation, boolean hugePages, SplittableRandom random) {
        Region r = region(hugePages);
        r.checkLength(bytes, "buffer size");
        Runs runs = switch (fragmentation) {
            case FixedRuns f -> {
                r.checkLength(f.runBytes(), "fixed-runs run length");
                if (bytes % f.runBytes() != 0) {
                    throw new IllegalArgumentException("buffer size " + ByteSizes.format(bytes)
                            + " is not a whole number of runs of " + f.runPages() + " pages");
                }
                yield r.carve(bytes, f::runBytes, true, fragmentation, bytes / f.runBytes());
            }
            case RunLengths f -> {
                for (RunLength length : f.runs()) r.checkLength(length.bytes(), "run-lengths run length");
                yield r.carve(bytes, () -> f.sample(random), false, fragmentation, 16);
            }
            case Aged a -> {
                r.age(a.aging(), random);
                yield r.takeExtents(bytes, a.placement(), random, fragmentation);
            }
        };
        return runs.toScatterList(hugePages);
    }

    /**
     * Returns a buffer's runs to the free extents (merging them with free neighbours).
     *
     * @throws IllegalArgumentException when a run is not allocated to a buffer of its region (a double free),
     *                                  or two runs overlap; nothing is freed then
     */
    public void free(ScatterList buffer) {
        Region r = region(buffer.hugePages());
        Runs sorted = Runs.inAddressOrder(buffer);
        for (int i = 0; i < sorted.count; i++) {
            if (!r.heldByBuffers(sorted.gpas[i], sorted.end(i))) {
                throw new IllegalArgumentException("run " + sorted.run(i) + " is not allocated in the " + r.name + " (freed twice?)");
            }
            if (i > 0 && sorted.end(i - 1) > sorted.gpas[i]) {
                throw new IllegalArgumentException("runs " + sorted.run(i - 1) + " and " + sorted.run(i) + " overlap");
            }
        }
        for (int i = 0; i < sorted.count; i++) r.free.add(sorted.gpas[i], sorted.end(i));
    }

    /** How the huge-page pool ({@code hugePages}) or the normal region is used now. */
    public GuestMemoryUsage usage(boolean hugePages) {
        Region r = region(hugePages);
        Extent longest = r.free.longest();
        return new GuestMemoryUsage(r.size, r.free.totalLength(), r.churnBytes, r.size - r.free.totalLength() - r.churnBytes, r.free.count(),
                longest == null ? 0 : longest.length());
    }

    /** The free extents of the huge-page pool ({@code hugePages}) or the normal region, in address order. */
    public List<GuestPhysicalRun> freeExtents(boolean hugePages) {
        return region(hugePages).free.toList().stream().map(e -> new GuestPhysicalRun(e.start(), e.length())).toList();
    }

    private Region region(boolean hugePages) {
        return hugePages ? hugePool : normal;
    }

    /**
     * One region: its free extents, the extents the aging's churn holds, and the aging applied to it. What is in
     * neither is held by buffers, so freeing needs no third index kept up to date on every allocation.
     */
    private static final class Region {

        final String name;
        final long base;
        final long size;
        final long granule;
        final ExtentSet free = new ExtentSet(ExtentSet.Index.LONGEST);
        final ExtentSet churn = new ExtentSet(ExtentSet.Index.ADDRESS);
        Aging aging;
        long churnBytes;

        Region(String name, long base, long size, long granule) {
            this.name = name;
            this.base = base;
            this.size = size;
            this.granule = granule;
            if (size > 0) free.add(base, base + size);
        }

        /** Whether buffers hold all of {@code [start, end)}: it lies in the region, and neither free nor churn. */
        boolean heldByBuffers(long start, long end) {
            return start >= base && end <= base + size && !free.overlaps(start, end) && !churn.overlaps(start, end);
        }

        void checkLength(long bytes, String what) {
            if (bytes <= 0 || bytes % granule != 0) {
                throw new IllegalArgumentException(what + " " + bytes + " is not a positive whole number of "
                        + ByteSizes.format(granule) + " pages, the page size of the " + name);
            }
        }

        /**
         * Runs of {@code nextLength} bytes each (shortened to the rest of the buffer), next-fit, never contiguous;
         * {@code expectedRuns} sizes the list.
         */
        Runs carve(long bytes, LongSupplier nextLength, boolean exact, Fragmentation how, long expectedRuns) {
            requireFree(bytes, how);
            Runs runs = new Runs((int) Math.min(expectedRuns, 1 << 20));
            long remaining = bytes;
            long prevEnd = -1;
            while (remaining > 0) {
                long want = Math.min(nextLength.getAsLong(), remaining);
                long start = nextFit(prevEnd < 0 ? base : prevEnd, want, prevEnd);
                if (start < 0 && !exact) {
                    // No extent holds the drawn length: take what the longest one offers, as a real
                    // allocator falls back to smaller blocks.
                    Extent longest = free.longest();
                    long s = longest == null ? -1 : longest.start() == prevEnd ? prevEnd + granule : longest.start();
                    if (longest != null && s < longest.end()) {
                        start = s;
                        want = Math.min(want, longest.end() - s);
                    }
                }
                if (start < 0) {
                    for (int i = 0; i < runs.count; i++) free.add(runs.gpas[i], runs.end(i));
                    throw exhausted(bytes, how);
                }
                free.remove(start, start + want);
                runs.add(start, want);
                remaining -= want;
                prevEnd = start + want;
            }
            return runs;
        }

        /** The lowest start at or after {@code cursor} (wrapping to the base) where {@code want} bytes fit. */
        private long nextFit(long cursor, long want, long prevEnd) {
            Extent first = free.atOrAfter(cursor);
            long fast = first == null ? -1 : fit(first, cursor, want, prevEnd);
            if (fast >= 0) return fast; // the common case: the rest of the extent the last run came from
            // Every later extent starts past the cursor, and so past the previous run: one long enough fits at its start.
            Extent later = first == null ? null : free.firstFitAbove(first.start(), want);
            if (later != null) return later.start();
            // Wrap to the base: below the cursor likewise, the lowest extent long enough fits at its start.
            Extent wrapped = free.firstFit(want);
            return wrapped != null && wrapped.start() < cursor ? wrapped.start() : -1;
        }

        private long fit(Extent e, long low, long want, long prevEnd) {
            long s = Math.max(e.start(), low);
            if (s == prevEnd) s += granule; // leave a gap: contiguous runs would be one run
            return s + want <= e.end() ? s : -1;
        }

        /** Whole free extents, lowest address first or at random, the last one cut to the buffer's rest. */
        Runs takeExtents(long bytes, Placement placement, SplittableRandom random, Fragmentation how) {
            requireFree(bytes, how);
            List<Extent> order = free.toList();
            if (placement == Placement.RANDOM) {
                Collections.shuffle(order, random);
            }
            Runs runs = new Runs(16);
            long remaining = bytes;
            for (int i = 0; remaining > 0; i++) {
                Extent e = order.get(i);
                long take = Math.min(e.length(), remaining);
                runs.add(e.start(), take);
                remaining -= take;
            }
            for (int i = 0; i < runs.count; i++) free.remove(runs.gpas[i], runs.end(i));
            return runs;
        }

        /** Ages the region by churn once; asking again with the same aging does nothing. */
        void age(Aging wanted, SplittableRandom random) {
            if (aging != null) {
                if (aging.equals(wanted)) return;
                throw new IllegalArgumentException("the " + name + " was already aged by " + aging
                        + "; a guest has one allocation history, so every aged buffer of a region must name the same aging");
            }
            long minGranules = Math.ceilDiv(wanted.minBlockBytes(), granule);
            long maxGranules = Math.max(minGranules, Math.ceilDiv(wanted.maxBlockBytes(), granule));
            double lnMin = Math.log(minGranules);
            double lnSpan = Math.log(maxGranules + 1) - lnMin;
            long spanEnd = base + Math.min(size, wanted.spanBytes() / granule * granule);
            // Fill the span with blocks back to back; each held block joins the previous one when that was
            // held too, so only the held extents touch the free set.
            long heldStart = -1;
            for (long at = base; at < spanEnd; ) {
                long granules = Math.min(maxGranules, (long) Math.exp(lnMin + random.nextDouble() * lnSpan));
                long end = Math.min(spanEnd, at + granules * granule);
                boolean freed = random.nextDouble() < wanted.freeFraction();
                if (!freed && heldStart < 0) heldStart = at;
                if (freed && heldStart >= 0) {
                    hold(heldStart, at);
                    heldStart = -1;
                }
                at = end;
            }
            if (heldStart >= 0) hold(heldStart, spanEnd);
            aging = wanted;
        }

        /** The churn holds {@code [start, end)}, except what buffers allocated before the aging hold. */
        private void hold(long start, long end) {
            churnBytes += free.removeOverlap(start, end, churn);
        }

        private void requireFree(long bytes, Fragmentation how) {
            if (bytes > free.totalLength()) throw exhausted(bytes, how);
        }

        private GuestMemoryExhaustedException exhausted(long bytes, Fragmentation how) {
            Extent longest = free.longest();
            return new GuestMemoryExhaustedException("guest memory exhausted: cannot allocate " + ByteSizes.format(bytes)
                    + " (" + describe(how) + ") from the " + name + " of " + ByteSizes.format(size) + ": "
                    + ByteSizes.format(free.totalLength()) + " free in " + free.count() + " extents, the longest "
                    + ByteSizes.format(longest == null ? 0 : longest.length()));
        }

        private static String describe(Fragmentation how) {
            return switch (how) {
                case FixedRuns f -> "fixed runs of " + f.runPages() + " pages";
                case RunLengths f -> "run lengths " + f.runs().stream().map(l -> ByteSizes.format(l.bytes())).toList();
                case Aged a -> "aged, " + a.placement().label();
            };
        }
    }

    /** A buffer's runs as they are carved, or sorted to be freed: two growing arrays, no object per run. */
    private static final class Runs {
        long[] gpas;
        long[] lengths;
        int count;

        Runs(int capacity) {
            gpas = new long[capacity];
            lengths = new long[capacity];
        }

        /** The runs {@code (gpas[i], lengths[i])}, the arrays taken over. */
        Runs(long[] gpas, long[] lengths) {
            this.gpas = gpas;
            this.lengths = lengths;
            this.count = gpas.length;
        }

        /** {@code buffer}'s runs by address: its own arrays when they are so already (as next fit mostly leaves them). */
        static Runs inAddressOrder(ScatterList buffer) {
            long[] gpas = buffer.gpaArray();
            for (int i = 1; i < gpas.length; i++) {
                if (gpas[i] < gpas[i - 1]) {
                    GuestPhysicalRun[] byAddress = buffer.runs().toArray(GuestPhysicalRun[]::new);
                    Arrays.sort(byAddress, Comparator.comparingLong(GuestPhysicalRun::gpa));
                    Runs runs = new Runs(byAddress.length);
                    for (GuestPhysicalRun run : byAddress) runs.add(run.gpa(), run.bytes());
                    return runs;
                }
            }
            return new Runs(gpas, buffer.lengthArray());
        }

        long end(int i) {
            return gpas[i] + lengths[i];
        }

        GuestPhysicalRun run(int i) {
            return new GuestPhysicalRun(gpas[i], lengths[i]);
        }

        void add(long gpa, long bytes) {
            if (count == gpas.length) {
                gpas = Arrays.copyOf(gpas, Math.max(16, count * 2));
                lengths = Arrays.copyOf(lengths, Math.max(16, count * 2));
            }
            gpas[count] = gpa;
            lengths[count] = bytes;
            count++;
        }

        ScatterList toScatterList(boolean hugePages) {
            return count == gpas.length ? new ScatterList(gpas, lengths, hugePages)
                    : new ScatterList(Arrays.copyOf(gpas, count), Arrays.copyOf(lengths, count), hugePages);
        }
    }
}
