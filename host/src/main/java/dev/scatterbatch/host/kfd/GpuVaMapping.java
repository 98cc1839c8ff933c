package dev.scatterbatch.host.kfd;

/**
 * One mapped range of a device's GPU VM.
 *
 * @param gpuId     the device whose VM it is in
 * @param handle    the BO mapped
 * @param va        first GPU virtual address
 * @param size      bytes
 * @param ptesValid whether its page-table entries point at current pages (false: GPU access faults or waits for
 *                  the restore worker)
 */
public record GpuVaMapping(int gpuId, long handle, long va, long size, boolean ptesValid) {
}
