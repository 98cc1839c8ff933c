package dev.scatterbatch.host.kfd;

import dev.scatterbatch.model.sim.EventQueue;
import dev.scatterbatch.model.uapi.Errno;
import dev.scatterbatch.model.uapi.KfdIoctlLayouts;
import dev.scatterbatch.model.uapi.KfdIoctlStruct;
import dev.scatterbatch.model.uapi.UserMemory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The process's events ({@code kfd_events.c}): the signal page, the event idr and CREATE_EVENT, DESTROY_EVENT,
 * SET_EVENT, RESET_EVENT and WAIT_EVENTS with their checks in the kernel's order. A wait that finds nothing
 * signalled sleeps its timeout on the virtual clock: no other thread of the replayed process runs meanwhile, so
 * it ends in TIMEOUT.
 */
final class KfdEvents {

    static final int EVENT_TYPE_SIGNAL = 0;
    static final int EVENT_TYPE_DEBUG = 5;
    /** {@code KFD_FIRST_NONSIGNAL_EVENT_ID}. */
    static final int FIRST_NONSIGNAL_EVENT_ID = 0x40000000;
    /** {@code KFD_MMAP_TYPE_EVENTS}: the event page offset CREATE_EVENT returns for signal events. */
    static final long MMAP_TYPE_EVENTS = 2L << 62;
    /** Slots of the page the kernel allocates itself when user space passed none ({@code 256 * 8} bytes). */
    static final int DEFAULT_SIGNAL_SLOTS = 256;
    static final int WAIT_COMPLETE = 0;
    static final int WAIT_TIMEOUT = 1;
    static final int WAIT_FAIL = 2;
    /** {@code CONFIG_HZ} of the modelled kernel: wait timeouts are rounded up to 4 ms jiffies. */
    static final int HZ = 250;
    private static final long INFINITE = 0xFFFFFFFFL;

    /** {@code struct kfd_event}. */
    private static final class KfdEvent {
        final int id;
        final int type;
        final boolean autoReset;
        boolean signaled;
        long age = 1;

        KfdEvent(int id, int type, boolean autoReset) {
            this.id = id;
            this.type = type;
            this.autoReset = autoReset;
        }

        boolean isSignalType() {
            return type == EVENT_TYPE_SIGNAL || type == EVENT_TYPE_DEBUG;
        }
    }

    private final KernelVersion kernel;
    private final EventQueue clock;
    private final TreeMap<Integer, KfdEvent> events = new TreeMap<>();
    /** {@code signal_mapped_size / 8}, 0 before the signal page exists. */
    private int signalSlots;
    private int signalEventCount;

    KfdEvents(KernelVersion kernel, EventQueue clock, long existingSignalPageBytes) {
        this.kernel = kernel;
        this.clock = clock;
        this.signalSlots = (int) (existingSignalPageBytes / 8);
        this.signalEventCount = kernel.firstSignalEventId();
    }

    /** Whether the signal page is set ({@code p->signal_page}). */
    boolean hasSignalPage() {
        return signalSlots != 0;
    }

    /** {@code kfd_event_page_set}: the BO of {@code bytes} becomes the signal page. */
    void setSignalPage(long bytes) {
        signalSlots = (int) Math.min(bytes / 8, Integer.MAX_VALUE);
    }

    /** {@code kfd_event_create}: 0 with the id (and for signal events the page offset and slot) written. */
    int create(KfdIoctlStruct a) {
        int type = a.getInt("event_type");
        KfdEvent ev;
        if (type == EVENT_TYPE_SIGNAL || type == EVENT_TYPE_DEBUG) {
            if (signalSlots != 0 && signalEventCount == signalSlots) return Errno.ENOSPC.ret();
            if (signalSlots == 0) signalSlots = DEFAULT_SIGNAL_SLOTS;
            int id = lowestFree(kernel.firstSignalEventId(), signalSlots);
            if (id < 0) return Errno.ENOSPC.ret();
            ev = new KfdEvent(id, type, a.get("auto_reset") != 0);
            signalEventCount++;
            a.set("event_page_offset", MMAP_TYPE_EVENTS);
            a.set("event_slot_index", id);
        } else {
            int id = lowestFree(FIRST_NONSIGNAL_EVENT_ID, Integer.MAX_VALUE);
            if (id < 0) return Errno.ENOSPC.ret();
            ev = new KfdEvent(id, type, a.get("auto_reset") != 0);
        }
        events.put(ev.id, ev);
        a.set("event_id", ev.id);
        a.set("event_trigger_data", ev.id);
        return 0;
    }

    /** {@code kfd_event_destroy}. */
    int destroy(KfdIoctlStruct a) {
        KfdEvent ev = events.remove(a.getInt("event_id"));
        if (ev == null) return Errno.EINVAL.ret();
        if (ev.isSignalType()) signalEventCount--;
        return 0;
    }

    /** {@code kfd_set_event}: no waiter can be asleep, so the event stays signalled until consumed. */
    int set(KfdIoctlStruct a) {
        KfdEvent ev = events.get(a.getInt("event_id"));
        if (ev == null || ev.type != EVENT_TYPE_SIGNAL) return Errno.EINVAL.ret();
        ev.signaled = true;
        ev.age = ev.age == -1L ? 2 : ev.age + 1;
        return 0;
    }

    /** {@code kfd_reset_event}. */
    int reset(KfdIoctlStruct a) {
        KfdEvent ev = events.get(a.getInt("event_id"));
        if (ev == null || ev.type != EVENT_TYPE_SIGNAL) return Errno.EINVAL.ret();
        ev.signaled = false;
        return 0;
    }

    /**
     * {@code kfd_wait_on_events}: reads the {@code kfd_event_data} array, completes when any (or all) events are
     * signalled, else sleeps the timeout on the virtual clock. {@code wait_result} is written in every case.
     *
     * @return 0, or {@code -EFAULT}/{@code -EINVAL} with wait_result FAIL
     * @throws UnsupportedOperationException when the wait would never end (infinite timeout, nothing signalled)
     */
    int waitOnEvents(KfdIoctlStruct a, UserMemory user) {
        long ptr = a.get("events_ptr");
        int n = a.getInt("num_events");
        List<KfdEvent> waited = new ArrayList<>();
        List<Long> ages = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] data = user.copyFromUser(ptr + (long) i * KfdIoctlLayouts.EVENT_DATA_SIZE, KfdIoctlLayouts.EVENT_DATA_SIZE);
            if (data == null) return fail(a, Errno.EFAULT);
            ByteBuffer b = KfdIoctlStruct.littleEndian(data);
            KfdEvent ev = events.get(b.getInt(40));
            if (ev == null) return fail(a, Errno.EINVAL);
            waited.add(ev);
            ages.add(b.getLong(0));
        }
        boolean all = a.get("wait_for_all") != 0;
        int activated = 0;
        for (int i = 0; i < waited.size(); i++) {
            KfdEvent ev = waited.get(i);
            long lastAge = ages.get(i);
            if (ev.signaled || ev.type == EVENT_TYPE_SIGNAL && lastAge != 0 && lastAge != ev.age) activated++;
        }
        boolean complete = n == 0 || (all ? activated == n : activated > 0);
        long timeout = a.get("timeout");
        if (!complete && timeout == INFINITE) {
            throw new UnsupportedOperationException("WAIT_EVENTS with an infinite timeout would sleep forever: none of its"
                    + " events is signalled and nothing else in the replay can signal one");
        }
        // init_event_waiter consumes the auto-reset events it finds signalled
        for (KfdEvent ev : waited) if (ev.signaled && ev.autoReset) ev.signaled = false;
        if (complete) {
            for (int i = 0; i < waited.size(); i++) {
                if (waited.get(i).type != EVENT_TYPE_SIGNAL) continue;
                byte[] age = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(waited.get(i).age).array();
                user.copyToUser(ptr + (long) i * KfdIoctlLayouts.EVENT_DATA_SIZE, age);
            }
            a.set("wait_result", WAIT_COMPLETE);
            return 0;
        }
        if (timeout != 0) {
            // msecs_to_jiffies(min(ms, INT_MAX)) + 1 jiffies, slept on the virtual clock
            long ms = Math.min(timeout, Integer.MAX_VALUE);
            long jiffies = (ms * HZ + 999) / 1000 + 1;
            clock.runUntil(clock.nowNs() + jiffies * (1_000_000_000L / HZ));
        }
        a.set("wait_result", WAIT_TIMEOUT);
        return 0;
    }

    private static int fail(KfdIoctlStruct a, Errno errno) {
        a.set("wait_result", WAIT_FAIL);
        return errno.ret();
    }

    private int lowestFree(int from, int end) {
        for (int id = from; id < end; id++) if (!events.containsKey(id)) return id;
        return -1;
    }
}
