package dev.scatterbatch.guest.bench;

import dev.scatterbatch.guest.memory.GuestPhysicalAllocator;
import dev.scatterbatch.guest.memory.GuestPhysicalRun;
import dev.scatterbatch.guest.memory.ScatterList;
import dev.scatterbatch.guest.workload.BufferSpec;

import java.util.List;
import java.util.SplittableRandom;

/** Where the app's buffers live: scattered guest-physical memory, or one contiguous range on bare metal. */
sealed interface GuestMemory {

    ScatterList allocate(BufferSpec spec);

    void release(ScatterList list);

    /** Inside a guest: the guest-physical allocator decides the runs. */
    record Scattered(GuestPhysicalAllocator allocator, SplittableRandom random) implements GuestMemory {
        @Override
        public ScatterList allocate(BufferSpec spec) {
            return allocator.allocate(spec.sizeBytes(), spec.fragmentation(), spec.hugePages(), random);
        }

        @Override
        public void release(ScatterList list) {
            allocator.free(list);
        }
    }

    /** Natively: a buffer is one CPU VA range; where it lies is the host's business. */
    record Contiguous() implements GuestMemory {
        @Override
        public ScatterList allocate(BufferSpec spec) {
            return new ScatterList(List.of(new GuestPhysicalRun(0, spec.sizeBytes())), spec.hugePages());
        }

        @Override
        public void release(ScatterList list) {
        }
    }
}
