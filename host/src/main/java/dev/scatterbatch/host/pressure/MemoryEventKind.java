package dev.scatterbatch.host.pressure;

/**
 * One kind of host memory event and how often it happens.
 *
 * @param name      {@code swapOut}, {@code migration}, {@code thpSplit}, {@code ksmMerge} or {@code munmap}
 * @param perSecond events per simulated second, per guest
 * @param bytes     memory one event touches
 * @param unmaps    whether the event removes the mapping (the VMM's munmap, remapped at once) rather than
 *                  only invalidating it
 */
public record MemoryEventKind(String name, double perSecond, long bytes, boolean unmaps) {

    public MemoryEventKind {
        if (!(perSecond >= 0) || Double.isInfinite(perSecond)) throw new IllegalArgumentException(name + ": rate must be 0 or more");
        if (bytes <= 0 || bytes % 4096 != 0) throw new IllegalArgumentException(name + ": size must be whole 4 KiB pages");
    }
}
