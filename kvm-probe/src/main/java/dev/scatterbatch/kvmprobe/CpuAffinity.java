package dev.scatterbatch.kvmprobe;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * Pins the calling thread to one CPU, as docs/kvm-probe.md §2 pinned the vCPU thread and the backend thread to
 * different CPUs: a wake-up of a thread on another, idle CPU is what a VMM's I/O thread pays.
 */
final class CpuAffinity {

    private CpuAffinity() {
    }

    /** The CPUs the calling thread may run on, ascending (empty when the kernel will not say). */
    static List<Integer> allowedCpus(Libc libc, Arena arena) {
        MemorySegment set = arena.allocate(Libc.CPU_SET_BYTES);
        List<Integer> cpus = new ArrayList<>();
        if (libc.schedGetaffinity(set) < 0) return cpus;
        for (int cpu = 0; cpu < Libc.CPU_SET_BYTES * 8; cpu++) {
            if ((set.get(JAVA_BYTE, cpu / 8) & (1 << (cpu % 8))) != 0) cpus.add(cpu);
        }
        return cpus;
    }

    /** Pins the calling thread to {@code cpu}; false when the kernel refuses. */
    static boolean pin(Libc libc, Arena arena, int cpu) {
        MemorySegment set = arena.allocate(Libc.CPU_SET_BYTES);
        set.set(JAVA_BYTE, cpu / 8, (byte) (1 << (cpu % 8)));
        return libc.schedSetaffinity(set) == 0;
    }
}
