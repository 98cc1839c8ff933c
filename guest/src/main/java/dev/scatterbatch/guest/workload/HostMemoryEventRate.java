package dev.scatterbatch.guest.workload;

/**
 * How often one kind of host memory event happens and how much memory each touches.
 *
 * @param perSecond events per simulated second
 * @param bytes     memory one event touches, a whole number of 4 KiB pages
 */
public record HostMemoryEventRate(double perSecond, long bytes) {
}
