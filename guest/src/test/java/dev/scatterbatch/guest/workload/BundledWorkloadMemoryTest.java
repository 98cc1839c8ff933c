package dev.scatterbatch.guest.workload;

import dev.scatterbatch.guest.memory.GuestPhysicalAllocator;
import dev.scatterbatch.guest.memory.ScatterList;
import dev.scatterbatch.model.sim.RandomStreams;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Every bundled workload's buffers fit its guest, iteration after iteration, with the runs it promises. */
class BundledWorkloadMemoryTest {

    static final List<String> BUNDLED = WorkloadLoader.BUNDLED;

    @ParameterizedTest
    @FieldSource("BUNDLED")
    void runBuffersThenTwoIterationsAllocateAndFreeCleanly(String name) {
        Workload w = WorkloadLoader.load(name);
        GuestPhysicalAllocator guest = new GuestPhysicalAllocator(w.guestMemoryBytes(), w.hugePagePoolBytes());
        SplittableRandom random = new RandomStreams(42).stream("guest-0/memory");
        List<ScatterList> held = allocate(guest, w, BufferLifetime.RUN, random);
        long heldBytes = held.stream().mapToLong(ScatterList::totalBytes).sum();
        for (int iteration = 0; iteration < 2; iteration++) {
            List<ScatterList> buffers = allocate(guest, w, BufferLifetime.ITERATION, random);
            buffers.forEach(guest::free);
            assertThat(guest.usage(false).bufferBytes() + guest.usage(true).bufferBytes()).isEqualTo(heldBytes);
        }
        held.forEach(guest::free);
        assertThat(guest.usage(false).bufferBytes() + guest.usage(true).bufferBytes()).isZero();
    }

    private static List<ScatterList> allocate(GuestPhysicalAllocator guest, Workload w, BufferLifetime lifetime, SplittableRandom random) {
        List<ScatterList> lists = new ArrayList<>();
        for (BufferSpec spec : w.buffers()) {
            if (spec.lifetime() != lifetime) continue;
            for (int i = 0; i < spec.count(); i++) {
                ScatterList list = guest.allocate(spec.sizeBytes(), spec.fragmentation(), spec.hugePages(), random);
                assertThat(list.totalBytes()).isEqualTo(spec.sizeBytes());
                assertThat(list.hugePages()).isEqualTo(spec.hugePages());
                lists.add(list);
            }
        }
        return lists;
    }

    @ParameterizedTest
    @FieldSource("BUNDLED")
    void fixedRunWorkloadsGiveExactlyTheirRangesPerBuffer(String name) {
        Workload w = WorkloadLoader.load(name);
        GuestPhysicalAllocator guest = new GuestPhysicalAllocator(w.guestMemoryBytes(), w.hugePagePoolBytes());
        List<ScatterList> lists = allocate(guest, w, BufferLifetime.ITERATION, new SplittableRandom(42));
        switch (name) {
            case "seed-opencl" -> assertThat(lists).hasSize(4).allSatisfy(l -> assertThat(l.runCount()).isEqualTo(500));
            case "scatter-4000" -> assertThat(lists).hasSize(4).allSatisfy(l -> assertThat(l.runCount()).isEqualTo(4000));
            default -> assertThat(lists).allSatisfy(l -> assertThat(l.runCount()).isGreaterThan(100));
        }
    }
}
