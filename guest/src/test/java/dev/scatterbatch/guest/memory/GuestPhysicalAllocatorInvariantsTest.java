package dev.scatterbatch.guest.memory;

import dev.scatterbatch.guest.memory.Fragmentation.Aged;
import dev.scatterbatch.guest.memory.Fragmentation.FixedRuns;
import dev.scatterbatch.guest.memory.Fragmentation.Placement;
import dev.scatterbatch.guest.memory.Fragmentation.RunLength;
import dev.scatterbatch.guest.memory.Fragmentation.RunLengths;
import dev.scatterbatch.model.testing.RandomizedCheck;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Invariants of the allocator under random sequences of allocations and frees. */
class GuestPhysicalAllocatorInvariantsTest {

    private static final long PAGE = 4096;
    private static final long MiB = 1L << 20;
    private static final long RAM = 24 * MiB;
    private static final long POOL = 8 * MiB;
    private static final Aging SMALL_AGING = new Aging(4 * MiB, PAGE, 64 * 1024, 0.5);

    /** One step: allocate a buffer ({@code units} picks its size) or free the live buffer {@code victim}. */
    record Step(boolean allocate, int kind, int units, boolean hugePages, int victim) {

        Fragmentation fragmentation() {
            if (hugePages) {
                return switch (kind) {
                    case 0 -> new FixedRuns(512);
                    case 1 -> new RunLengths(List.of(new RunLength(2 * MiB, 1), new RunLength(4 * MiB, 1)));
                    default -> new Aged(SMALL_AGING, kind == 2 ? Placement.FIRST_FIT : Placement.RANDOM);
                };
            }
            return switch (kind) {
                case 0 -> new FixedRuns(units % 2 == 0 ? 8 : 1);
                case 1 -> new RunLengths(List.of(new RunLength(PAGE, 2), new RunLength(64 * 1024, 1), new RunLength(MiB, 1)));
                default -> new Aged(SMALL_AGING, kind == 2 ? Placement.FIRST_FIT : Placement.RANDOM);
            };
        }

        long bytes() {
            return hugePages ? (units % 4 + 1) * 2 * MiB : units * 8 * PAGE;
        }
    }

    private static Step randomStep(SplittableRandom rnd) {
        return new Step(rnd.nextInt(10) < 6, rnd.nextInt(4), 1 + rnd.nextInt(128), rnd.nextBoolean(), rnd.nextInt(1001));
    }

    @Test
    void allocationsNeverOverlapAndFreePlusHeldIsGuestRam() {
        int[] refused = new int[1];
        RandomizedCheck.forAll(1_000, rnd -> {
            List<Step> steps = new ArrayList<>();
            for (int i = rnd.nextInt(31); i > 0; i--) steps.add(randomStep(rnd));
            refused[0] += run(steps, new SplittableRandom(rnd.nextLong()));
        });
        // the sequences must also exercise refusals, or the "refusal changes nothing" check never ran
        assertThat(refused[0]).isPositive();
    }

    /** Runs the steps checking the invariants after each; returns how many allocations were refused. */
    private static int run(List<Step> steps, SplittableRandom random) {
        GuestPhysicalAllocator guest = new GuestPhysicalAllocator(RAM, POOL);
        for (boolean huge : new boolean[]{false, true}) {
            // age both regions up front, so a refused allocation must leave the state exactly as it was
            guest.free(guest.allocate(huge ? 2 * MiB : PAGE, new Aged(SMALL_AGING, Placement.FIRST_FIT), huge, random));
        }
        int refused = 0;
        List<ScatterList> live = new ArrayList<>();
        for (Step step : steps) {
            if (step.allocate()) {
                List<GuestPhysicalRun> freeBefore = guest.freeExtents(step.hugePages());
                try {
                    ScatterList buffer = guest.allocate(step.bytes(), step.fragmentation(), step.hugePages(), random);
                    assertThat(buffer.totalBytes()).isEqualTo(step.bytes());
                    live.add(buffer);
                } catch (GuestMemoryExhaustedException e) {
                    refused++;
                    assertThat(guest.freeExtents(step.hugePages())).isEqualTo(freeBefore);
                }
            } else if (!live.isEmpty()) {
                guest.free(live.remove(step.victim() % live.size()));
            }
            checkInvariants(guest, live);
        }
        return refused;
    }

    private static void checkInvariants(GuestPhysicalAllocator guest, List<ScatterList> live) {
        long total = 0;
        for (boolean huge : new boolean[]{false, true}) {
            long base = huge ? RAM - POOL : 0;
            long size = huge ? POOL : RAM - POOL;
            List<GuestPhysicalRun> held = new ArrayList<>(guest.freeExtents(huge));
            long bufferBytes = 0;
            for (ScatterList buffer : live) {
                if (buffer.hugePages() != huge) continue;
                held.addAll(buffer.runs());
                bufferBytes += buffer.totalBytes();
                for (int i = 1; i < buffer.runCount(); i++) {
                    assertThat(buffer.run(i).gpa()).isNotEqualTo(buffer.run(i - 1).end());
                }
            }
            held.sort(Comparator.comparingLong(GuestPhysicalRun::gpa));
            for (int i = 0; i < held.size(); i++) {
                GuestPhysicalRun run = held.get(i);
                assertThat(run.gpa()).isGreaterThanOrEqualTo(base);
                assertThat(run.end()).isLessThanOrEqualTo(base + size);
                if (i > 0) assertThat(held.get(i - 1).end()).isLessThanOrEqualTo(run.gpa());
            }
            GuestMemoryUsage usage = guest.usage(huge);
            assertThat(usage.bufferBytes()).isEqualTo(bufferBytes);
            assertThat(usage.freeBytes() + usage.churnBytes() + usage.bufferBytes()).isEqualTo(size);
            total += usage.sizeBytes();
        }
        assertThat(total).isEqualTo(guest.ramBytes());
    }
}
