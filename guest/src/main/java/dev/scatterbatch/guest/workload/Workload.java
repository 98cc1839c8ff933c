package dev.scatterbatch.guest.workload;

import dev.scatterbatch.model.cost.ConfigException;

import java.util.List;

/**
 * A guest application run by the benchmark: per iteration it registers and maps its {@code iteration}
 * buffers, computes for {@code computeNs} on the GPU, then unmaps and frees them; {@code run} buffers are
 * registered once before the first iteration. Load one with {@link WorkloadLoader#load}.
 *
 * @param name              the bundled name or the file's base name
 * @param description       one line saying what it represents
 * @param iterations        iterations {@code bench} runs unless told otherwise
 * @param guestMemoryBytes  guest RAM
 * @param hugePagePoolBytes the part of guest RAM reserved as 2 MiB pages (hugetlbfs), 0 for none
 * @param computeNs         G: the GPU time of one iteration on bare metal
 * @param scoreReference    the bare-metal score under the {@code default} profile; the benchmark derives
 *                          K (score x seconds) from it
 * @param buffers           the buffers it registers
 * @param hostMemoryEvents  host memory events per simulated second
 */
public record Workload(String name, String description, int iterations, long guestMemoryBytes, long hugePagePoolBytes,
                       long computeNs, double scoreReference, List<BufferSpec> buffers, HostMemoryEvents hostMemoryEvents) {

    /** Copies the buffer list. */
    public Workload {
        buffers = List.copyOf(buffers);
    }

    /**
     * This workload with one field changed, validated as a whole like a file: {@code with("buffers[0].size",
     * "8MiB")}, {@code with("compute", "20ms")}, {@code with("hostMemoryEvents.swapOut.rate", "5")}.
     *
     * @throws ConfigException naming the field when the path or value is wrong
     * @see WorkloadLoader#withOverrides
     */
    public Workload with(String fieldPath, String value) {
        return WorkloadLoader.withOverrides(this, List.of(fieldPath + "=" + value));
    }
}
