package dev.scatterbatch.host.kfd;

/**
 * One live BO in a {@link KfdState}.
 *
 * @param handle       its handle ({@code gpu_id << 32 | idr})
 * @param invalid      {@code mem->invalid}: invalidations since it was last made valid (0 for non-userptr BOs)
 * @param onInvalList  whether it is on the process's userptr invalid list (evicted, or restored with a fault)
 * @param mapped       {@code mapped_to_gpu_memory}: GPU VM attachments it is mapped through
 * @param ranges       CPU ranges (1 for a single userptr, 0 for other BOs)
 * @param va           GPU virtual address
 * @param size         BO size in bytes (page aligned)
 * @param userptr      how it was registered, null for non-userptr BOs
 * @param systemMemCharge bytes it holds of {@code kfd_mem_limit.system_mem_used} (userptr and GTT BOs)
 */
public record BoState(long handle, int invalid, boolean onInvalList, int mapped, int ranges, long va, long size,
                      UserptrAbi userptr, long systemMemCharge) {
}
