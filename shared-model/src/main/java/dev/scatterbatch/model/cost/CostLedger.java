package dev.scatterbatch.model.cost;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * Nanoseconds charged per {@link Component}. The model charges every cost it incurs here; the caller turns the
 * total into a step of the virtual clock and adds the breakdown to the iteration's attribution.
 */
public final class CostLedger {

    /** {@code Component.values()} clones its array on every call. */
    private static final Component[] COMPONENTS = Component.values();

    private final long[] ns = new long[COMPONENTS.length];
    /** The sum of {@code ns}, kept as charges arrive: a VMM asks for it before every host call. */
    private long total;

    /** Adds {@code amountNs} to {@code component}. */
    public void charge(Component component, long amountNs) {
        if (amountNs < 0) throw new IllegalArgumentException("negative charge " + amountNs + " to " + component);
        ns[component.ordinal()] += amountNs;
        total += amountNs;
    }

    /** Adds everything in {@code other}. */
    public void addAll(CostLedger other) {
        for (int i = 0; i < ns.length; i++) ns[i] += other.ns[i];
        total += other.total;
    }

    /** Adds charges given by {@link Component} ordinal ({@link #toArray}'s form, as a host reply carries them). */
    public void addAll(long[] nsByOrdinal) {
        if (nsByOrdinal.length != ns.length) throw new IllegalArgumentException(nsByOrdinal.length + " charges for " + ns.length + " components");
        for (int i = 0; i < ns.length; i++) {
            if (nsByOrdinal[i] < 0) throw new IllegalArgumentException("negative charge " + nsByOrdinal[i] + " to " + COMPONENTS[i]);
            ns[i] += nsByOrdinal[i];
            total += nsByOrdinal[i];
        }
    }

    /** The charges by {@link Component} ordinal. */
    public long[] toArray() {
        return ns.clone();
    }

    /** Nanoseconds charged to {@code component}. */
    public long get(Component component) {
        return ns[component.ordinal()];
    }

    /** The sum of all charges. */
    public long totalNs() {
        return total;
    }

    /** Forgets every charge. */
    public void clear() {
        Arrays.fill(ns, 0);
        total = 0;
    }

    /** A copy of the charges by component. */
    public Map<Component, Long> snapshot() {
        Map<Component, Long> m = new EnumMap<>(Component.class);
        for (Component c : COMPONENTS) m.put(c, ns[c.ordinal()]);
        return m;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (Component c : COMPONENTS) {
            if (ns[c.ordinal()] != 0) sb.append(sb.length() > 1 ? ", " : "").append(c.key()).append('=').append(ns[c.ordinal()]);
        }
        return sb.append('}').toString();
    }
}
