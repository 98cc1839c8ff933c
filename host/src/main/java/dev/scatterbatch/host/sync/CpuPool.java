package dev.scatterbatch.host.sync;

import java.util.ArrayList;
import java.util.List;

/**
 * The host's CPUs, shared by every VMM thread and kernel worker: a piece of CPU work runs on whichever CPU is free
 * first. The pool follows the profile's {@code hostCpus}: a change takes effect from the next request (the CPUs
 * added start idle; removing CPUs forgets their bookings).
 */
public final class CpuPool {

    private final List<BusyCalendar> cpus = new ArrayList<>();

    /**
     * Runs {@code workNs} of CPU work on one of {@code count} CPUs from the earliest time at or after {@code atNs}.
     *
     * @return when the work starts
     */
    public long run(long atNs, long workNs, int count) {
        while (cpus.size() < count) cpus.add(new BusyCalendar());
        while (cpus.size() > count) cpus.removeLast();
        BusyCalendar best = cpus.getFirst();
        long bestStart = Long.MAX_VALUE;
        for (BusyCalendar c : cpus) {
            long s = c.earliestFree(atNs, workNs);
            if (s < bestStart) {
                bestStart = s;
                best = c;
            }
            // no CPU starts the work earlier than asked: the first free one is the one taken
            if (s == atNs) break;
        }
        return best.reserveAt(atNs, bestStart, workNs);
    }
}
