package dev.scatterbatch.bus;

import dev.scatterbatch.model.wire.ChargedReply;
import dev.scatterbatch.model.wire.GuestCompletion;
import dev.scatterbatch.model.wire.GuestRequest;
import dev.scatterbatch.model.wire.GuestStart;
import dev.scatterbatch.model.wire.HostCommand;
import dev.scatterbatch.model.wire.RunWorld;
import dev.scatterbatch.model.wire.WorldProgress;
import io.vertx.core.eventbus.EventBus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/** Registers a codec for every message record on an event bus (once per Vert.x instance). */
public final class Codecs {

    private static final Set<EventBus> REGISTERED = Collections.newSetFromMap(new WeakHashMap<>());
    private static final Map<EventBus, Set<Class<?>>> EXTRA = new WeakHashMap<>();

    private Codecs() {
    }

    /** Registers every codec; calling it twice on one bus is harmless. */
    public static synchronized void registerAll(EventBus bus) {
        if (!REGISTERED.add(bus)) return;
        family(bus, GuestRequest.class);
        family(bus, HostCommand.class);
        one(bus, GuestStart.class);
        one(bus, GuestCompletion.class);
        one(bus, ChargedReply.class);
        one(bus, RunWorld.class);
        one(bus, WorldProgress.class);
    }

    /**
     * Registers codecs for message types of other modules ({@code types}: records, or sealed families of them), each
     * once per bus, so every verticle that sends or receives them may call it.
     */
    public static synchronized void registerOnce(EventBus bus, Class<?>... types) {
        Set<Class<?>> known = EXTRA.computeIfAbsent(bus, b -> new HashSet<>());
        for (Class<?> type : types) {
            if (known.add(type)) family(bus, type);
        }
    }

    private static <T> void one(EventBus bus, Class<T> type) {
        bus.registerDefaultCodec(type, new RecordCodec<>(type, type));
    }

    /** Every record of a sealed family gets a codec that decodes through the family's type property. */
    private static <F> void family(EventBus bus, Class<F> family) {
        for (Class<?> sub : leaves(family)) register(bus, sub, family);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void register(EventBus bus, Class<?> type, Class<?> family) {
        bus.registerDefaultCodec((Class) type, new RecordCodec(type, family));
    }

    private static List<Class<?>> leaves(Class<?> type) {
        if (!type.isSealed()) return List.of(type);
        List<Class<?>> out = new ArrayList<>();
        for (Class<?> sub : type.getPermittedSubclasses()) out.addAll(leaves(sub));
        return out;
    }
}
