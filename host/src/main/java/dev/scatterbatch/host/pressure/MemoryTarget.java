package dev.scatterbatch.host.pressure;

/** The memory of one process that host memory events can land on. */
public interface MemoryTarget {

    /** Bytes of the process's memory registered with the GPU (userptr ranges). */
    long registeredBytes();

    /** The CPU address of the {@code offset}-th registered byte, walking the ranges in order. */
    long registeredAddress(long offset);

    /** The sum of the spans of the process's userptr BOs, each from its lowest to its highest registered byte. */
    long spanBytes();

    /** The CPU address of the {@code offset}-th byte of those spans, walking the BOs in order. */
    long spanAddress(long offset);

    /** The size of the process's whole memory (guest RAM for a VM) that events land on uniformly. */
    long memoryBytes();

    /**
     * The CPU address of the {@code offset}-th byte of that memory, or -1 when it is not mapped as GPU-visible
     * memory of the process (for a native process, memory outside its registered buffers).
     */
    long memoryAddress(long offset);

    /** An event over {@code [start, start + length)}: notifiers fire; with {@code unmap}, the mapping is removed and remapped. */
    void hit(long start, long length, boolean unmap);
}
