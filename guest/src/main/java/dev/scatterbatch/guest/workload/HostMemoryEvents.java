package dev.scatterbatch.guest.workload;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The rate of every {@link HostMemoryEventKind} a workload suffers; kinds not given have rate 0 and their
 * default size.
 *
 * @param rates one rate per kind, complete
 */
public record HostMemoryEvents(Map<HostMemoryEventKind, HostMemoryEventRate> rates) {

    /** No host memory events at all. */
    public static final HostMemoryEvents NONE = new HostMemoryEvents(Map.of());

    /** Fills in the kinds not given with rate 0 and their default size. */
    public HostMemoryEvents {
        EnumMap<HostMemoryEventKind, HostMemoryEventRate> all = new EnumMap<>(HostMemoryEventKind.class);
        for (HostMemoryEventKind kind : HostMemoryEventKind.values()) {
            all.put(kind, rates.getOrDefault(kind, new HostMemoryEventRate(0, kind.defaultBytes())));
        }
        rates = Collections.unmodifiableMap(all);
    }

    /** The rate of {@code kind}. */
    public HostMemoryEventRate rate(HostMemoryEventKind kind) {
        return rates.get(kind);
    }

    /** Events per simulated second over all kinds. */
    public double totalPerSecond() {
        return rates.values().stream().mapToDouble(HostMemoryEventRate::perSecond).sum();
    }
}
