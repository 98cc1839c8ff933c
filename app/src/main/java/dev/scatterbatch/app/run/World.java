package dev.scatterbatch.app.run;

import dev.scatterbatch.bus.Codecs;
import dev.scatterbatch.guest.bench.BenchmarkApp;
import dev.scatterbatch.guest.memory.GuestPhysicalAllocator;
import dev.scatterbatch.guest.verticle.GuestKernelVerticle;
import dev.scatterbatch.guest.workload.HostMemoryEventKind;
import dev.scatterbatch.guest.workload.HostMemoryEventRate;
import dev.scatterbatch.guest.workload.HostMemoryEvents;
import dev.scatterbatch.guest.workload.Workload;
import dev.scatterbatch.host.HostKernel;
import dev.scatterbatch.host.hypervisor.GuestPort;
import dev.scatterbatch.host.hypervisor.HostGpuPort;
import dev.scatterbatch.host.hypervisor.RecordingObserver;
import dev.scatterbatch.host.hypervisor.SimulationObserver;
import dev.scatterbatch.host.hypervisor.VirtualTimeScheduler;
import dev.scatterbatch.host.hypervisor.Vmm;
import dev.scatterbatch.host.hypervisor.VmmPort;
import dev.scatterbatch.host.pressure.MemoryEventKind;
import dev.scatterbatch.host.pressure.MemoryPressure;
import dev.scatterbatch.host.verticle.BusPorts;
import dev.scatterbatch.host.verticle.HostGpuVerticle;
import dev.scatterbatch.host.verticle.HypervisorVerticle;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.sim.RandomStreams;
import dev.scatterbatch.model.wire.Addresses;
import dev.scatterbatch.model.wire.GuestCompletion;
import dev.scatterbatch.model.wire.GuestRamRegion;
import dev.scatterbatch.model.wire.GuestRequest;
import dev.scatterbatch.model.wire.RunWorld;
import dev.scatterbatch.model.wire.WorldProgress;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One simulated world, assembled: each guest's benchmark app (with its guest-physical allocator), one VMM per
 * guest, the hypervisor's scheduler and the host kernel, wired directly or through verticles on an event bus.
 * Both transports run the same objects in the same virtual-time order, so they give the same numbers.
 */
public final class World {

    /** Send timeout of bus requests: long enough for a slow machine, short enough to name a dead peer. */
    private static final long BUS_TIMEOUT_MS = 60_000;
    private static final AtomicInteger WORLD_IDS = new AtomicInteger();

    private final WorldSpec spec;
    private final AtomicReference<TrapCostProfile> profile;
    private final Runner runner;
    /** Hears each new profile after it is in force here: guests in other processes need to be told. */
    private final Consumer<TrapCostProfile> profileChanged;

    private World(WorldSpec spec, Runner runner, AtomicReference<TrapCostProfile> profile) {
        this(spec, runner, profile, p -> { });
    }

    private World(WorldSpec spec, Runner runner, AtomicReference<TrapCostProfile> profile, Consumer<TrapCostProfile> profileChanged) {
        this.spec = spec;
        this.runner = runner;
        this.profile = profile;
        this.profileChanged = profileChanged;
    }

    /** Builds the world of {@code spec} on {@code transport}; {@code vertx} carries the event bus (else ignored). */
    public static World create(WorldSpec spec, Transport transport, SimulationObserver observer, Vertx vertx) {
        return create(spec, transport, observer, vertx == null ? null : new BusNodes(vertx, vertx));
    }

    /** Builds the world of {@code spec} on {@code transport}; guests deploy on {@code nodes.guests()}, the rest on {@code nodes.host()}. */
    public static World create(WorldSpec spec, Transport transport, SimulationObserver observer, BusNodes nodes) {
        return create(spec, transport, observer, nodes, BUS_TIMEOUT_MS);
    }

    /** As {@link #create(WorldSpec, Transport, SimulationObserver, BusNodes)}, waiting {@code peerTimeoutMs} for each bus reply. */
    static World create(WorldSpec spec, Transport transport, SimulationObserver observer, BusNodes nodes, long peerTimeoutMs) {
        AtomicReference<TrapCostProfile> profile = new AtomicReference<>(spec.profile());
        HostKernel kernel = kernel(spec, profile);
        List<BenchmarkApp> apps = apps(spec, profile);
        List<GuestRamRegion> ram = guestRam(spec.workload());
        if (transport == Transport.DIRECT) {
            HostGpuPort host = kernel;
            VirtualTimeScheduler scheduler = scheduler(spec, profile, host, directPorts(apps), observer, ram);
            return new World(spec, new DirectRunner(scheduler), profile);
        }
        String id = busId(spec);
        Vertx vertx = nodes.host();
        Codecs.registerAll(vertx.eventBus());
        Codecs.registerAll(nodes.guests().eventBus());
        List<Runnable> undeploy = new ArrayList<>();
        // the guests' VMMs run beside the host kernel (a VMM's host calls are system calls of its own host process),
        // so the hypervisor sends one message per guest request, not one per host call
        RecordingObserver vmmEvents = new RecordingObserver();
        List<Vmm> vmms = vmms(spec, profile, kernel, vmmEvents, ram, apps.size());
        String hostGpu = vertx.deployVerticle(new HostGpuVerticle(id, kernel, vmms, vmmEvents), onVirtualThreads()).await();
        undeploy.add(() -> undeployIfDeployed(vertx, hostGpu));
        for (int i = 0; i < apps.size(); i++) {
            String guest = nodes.guests().deployVerticle(new GuestKernelVerticle(id, i, apps.get(i)), onVirtualThreads()).await();
            undeploy.add(() -> undeployIfDeployed(nodes.guests(), guest));
        }
        List<GuestPort> guests = new ArrayList<>();
        for (int i = 0; i < apps.size(); i++) guests.add(BusPorts.guest(vertx, id, i, peerTimeoutMs));
        HostGpuPort host = BusPorts.host(vertx, id, peerTimeoutMs);
        List<VmmPort> vmmPorts = new ArrayList<>();
        for (int i = 0; i < apps.size(); i++) vmmPorts.add(BusPorts.vmm(vertx, id, i, peerTimeoutMs, observer));
        undeploy.add(deployHypervisor(vertx, id, v -> new VirtualTimeScheduler(spec.scenario(), profile::get, host, guests, vmmPorts, observer)));
        return new World(spec, new BusRunner(vertx, id, undeploy), profile);
    }

    /**
     * The world of {@code spec} with its guests in other processes: the host kernel and the hypervisor deploy on
     * {@code vertx}, and {@code guests} boots each guest of the world where it lives and gives the hypervisor its port.
     */
    public static World withRemoteGuests(WorldSpec spec, SimulationObserver observer, Vertx vertx, RemoteGuests guests) {
        AtomicReference<TrapCostProfile> profile = new AtomicReference<>(spec.profile());
        String id = busId(spec);
        Codecs.registerAll(vertx.eventBus());
        List<Runnable> undeploy = new ArrayList<>();
        String hostGpu = vertx.deployVerticle(new HostGpuVerticle(id, kernel(spec, profile)), onVirtualThreads()).await();
        undeploy.add(() -> undeployIfDeployed(vertx, hostGpu));
        try {
            List<GuestPort> ports = guests.boot(id, spec);
            undeploy.add(() -> guests.end(id));
            HostGpuPort host = BusPorts.host(vertx, id, BUS_TIMEOUT_MS);
            undeploy.add(deployHypervisor(vertx, id, v -> scheduler(spec, profile, host, ports, observer, guestRam(spec.workload()))));
        } catch (RuntimeException e) {
            for (Runnable u : undeploy.reversed()) u.run();
            throw e;
        }
        return new World(spec, new BusRunner(vertx, id, undeploy), profile, p -> guests.profile(id, p));
    }

    /**
     * The world of {@code spec} wired as {@link Transport#DIRECT} (the hypervisor calls guests and host), with
     * its hypervisor on the event bus: each {@link #runUntil} is one {@link RunWorld} request to its
     * {@link HypervisorVerticle}. {@code serve} drives its worlds so, which puts its real control traffic (one
     * request per world per tick) on the bus without a bus round trip per simulated ioctl.
     */
    public static World drivenOverBus(WorldSpec spec, SimulationObserver observer, Vertx vertx) {
        AtomicReference<TrapCostProfile> profile = new AtomicReference<>(spec.profile());
        HostKernel kernel = kernel(spec, profile);
        String id = busId(spec);
        Codecs.registerAll(vertx.eventBus());
        List<GuestPort> guests = directPorts(apps(spec, profile));
        Runnable undeploy = deployHypervisor(vertx, id, v -> scheduler(spec, profile, kernel, guests, observer, guestRam(spec.workload())));
        return new World(spec, new BusRunner(vertx, id, List.of(undeploy)), profile);
    }

    /** What this world simulates. */
    public WorldSpec spec() {
        return spec;
    }

    /** Runs until every guest finished or nothing is due by {@code limitNs}; returns whether all finished. */
    public boolean runUntil(long limitNs) {
        return runner.runUntil(limitNs).allFinished();
    }

    /**
     * Runs until every guest finished or {@code budgetNs}, the end of virtual time: nothing after it will be asked for,
     * so on the direct transport a guest request reaching past it stops there instead of being simulated to its end
     * ({@link VirtualTimeScheduler#runWithin}); the world cannot run further. Returns whether all finished.
     */
    public boolean runWithin(long budgetNs) {
        return runner.runWithin(budgetNs).allFinished();
    }

    /** Virtual time of the last event. */
    public long nowNs() {
        return runner.nowNs();
    }

    /** The profile in force. */
    public TrapCostProfile profile() {
        return profile.get();
    }

    /** Replaces the profile; it takes effect at the next event the world handles. */
    public void setProfile(TrapCostProfile next) {
        profile.set(next);
        profileChanged.accept(next);
    }

    /** Undeploys the world's verticles (event-bus transport). */
    public void close() {
        runner.close();
    }

    /** Each guest's app; whether it splits a buffer in the guest follows the profile in force when it allocates the buffer. */
    private static List<BenchmarkApp> apps(WorldSpec spec, AtomicReference<TrapCostProfile> profile) {
        List<BenchmarkApp> apps = new ArrayList<>();
        for (int i = 0; i < spec.guests(); i++) apps.add(guestApp(spec, i, profile::get));
        return apps;
    }

    /**
     * Guest {@code guest}'s benchmark app in the world of {@code spec} (a VM's, or a native app's for bare metal);
     * whether it splits a buffer in the guest follows {@code profile} when it allocates the buffer.
     */
    public static BenchmarkApp guestApp(WorldSpec spec, int guest, Supplier<TrapCostProfile> profile) {
        Workload w = spec.workload();
        BooleanSupplier splitInGuest = () -> spec.scenario().splitsInGuest(profile.get().splitLocation());
        BenchmarkApp app = spec.scenario().virtualized()
                ? BenchmarkApp.inGuest(guest, w, spec.iterations(), new GuestPhysicalAllocator(w.guestMemoryBytes(), w.hugePagePoolBytes()),
                new RandomStreams(spec.seed()).stream("guest-" + guest + "/memory"), splitInGuest)
                : BenchmarkApp.native_(guest, w, spec.iterations());
        // beside other guests, a guest done early keeps the host loaded until every guest has measured its iterations
        return spec.guests() > 1 ? app.keepBusyAfterLastIteration() : app;
    }

    /**
     * The host memory events of a world: the workload's own rates, landing anywhere in a guest's memory; or, with
     * {@code --pressure}, that many events per second landing on GPU-registered memory, split over the kinds in
     * the workload's proportions (evenly over swap-out, migration, THP split and KSM merge when it has none).
     */
    static MemoryPressure pressure(Workload w, double rate) {
        HostMemoryEvents events = w.hostMemoryEvents();
        List<MemoryEventKind> kinds = new ArrayList<>();
        double total = events.totalPerSecond();
        for (HostMemoryEventKind k : HostMemoryEventKind.values()) {
            HostMemoryEventRate r = events.rate(k);
            double perSecond = rate <= 0 ? r.perSecond()
                    : total > 0 ? rate * r.perSecond() / total
                    : k == HostMemoryEventKind.MUNMAP ? 0 : rate / (HostMemoryEventKind.values().length - 1);
            kinds.add(new MemoryEventKind(k.key(), perSecond, r.bytes(), k == HostMemoryEventKind.MUNMAP));
        }
        return new MemoryPressure(kinds, rate > 0);
    }

    /** Guest RAM as the allocator lays it out: normal pages below, the 2 MiB pool on top. */
    private static List<GuestRamRegion> guestRam(Workload w) {
        long normal = w.guestMemoryBytes() - w.hugePagePoolBytes();
        List<GuestRamRegion> regions = new ArrayList<>();
        if (normal > 0) regions.add(new GuestRamRegion(0, normal, false));
        if (w.hugePagePoolBytes() > 0) regions.add(new GuestRamRegion(normal, w.hugePagePoolBytes(), true));
        return regions;
    }

    private static VirtualTimeScheduler scheduler(WorldSpec spec, AtomicReference<TrapCostProfile> profile, HostGpuPort host,
                                                  List<GuestPort> guests, SimulationObserver observer, List<GuestRamRegion> ram) {
        return new VirtualTimeScheduler(spec.scenario(), profile::get, host, guests,
                vmms(spec, profile, host, observer, ram, guests.size()), observer);
    }

    /** One VMM per guest, calling {@code host} and reporting to {@code observer}. */
    private static List<Vmm> vmms(WorldSpec spec, AtomicReference<TrapCostProfile> profile, HostGpuPort host,
                                  SimulationObserver observer, List<GuestRamRegion> ram, int guests) {
        List<Vmm> vmms = new ArrayList<>();
        for (int i = 0; i < guests; i++) {
            vmms.add(new Vmm(i, spec.scenario(), profile::get, host, observer, spec.hostRamBytes(), HostKernel.GPU_ID, ram));
        }
        return vmms;
    }

    private static HostKernel kernel(WorldSpec spec, AtomicReference<TrapCostProfile> profile) {
        return HostKernel.create(profile::get, new RandomStreams(spec.seed()), pressure(spec.workload(), spec.pressure()));
    }

    /** A world's part of the bus addresses: unique in the process, and naming the scenario for people reading metrics. */
    private static String busId(WorldSpec spec) {
        return "w" + WORLD_IDS.incrementAndGet() + "-" + spec.scenario().key();
    }

    /**
     * Every verticle of a world runs on virtual threads (the hypervisor must: its scheduler awaits bus replies).
     * Handing a message from one to another then stays within the virtual-thread scheduler instead of waking an
     * event loop through its selector for every ioctl, which makes the event-bus transport about four times
     * faster. Each verticle still handles one message at a time, in order.
     */
    private static DeploymentOptions onVirtualThreads() {
        return new DeploymentOptions().setThreadingModel(ThreadingModel.VIRTUAL_THREAD);
    }

    /** Deploys the world's hypervisor (see {@link #onVirtualThreads}) around the scheduler {@code scheduler} builds; returns its undeployment. */
    private static Runnable deployHypervisor(Vertx vertx, String id, Function<Vertx, VirtualTimeScheduler> scheduler) {
        String deployment = vertx.deployVerticle(new HypervisorVerticle(id, scheduler), onVirtualThreads()).await();
        return () -> undeployIfDeployed(vertx, deployment);
    }

    /** Undeploys {@code deployment} unless it is already gone (a peer that died mid-run leaves nothing to close). */
    private static void undeployIfDeployed(Vertx vertx, String deployment) {
        if (vertx.deploymentIDs().contains(deployment)) vertx.undeploy(deployment).await();
    }

    /** Plain-call ports onto {@code apps}, one per guest in order (the direct transport's). */
    static List<GuestPort> directPorts(List<BenchmarkApp> apps) {
        List<GuestPort> ports = new ArrayList<>();
        for (BenchmarkApp app : apps) {
            ports.add(new GuestPort() {
                @Override
                public GuestRequest start() {
                    return app.start();
                }

                @Override
                public GuestRequest complete(GuestCompletion completion) {
                    return app.onCompletion(completion);
                }
            });
        }
        return ports;
    }

    private interface Runner {
        WorldProgress runUntil(long limitNs);

        /** As {@link #runUntil}, the last time ({@link World#runWithin}); a VMM across the bus runs its requests to the end. */
        default WorldProgress runWithin(long budgetNs) {
            return runUntil(budgetNs);
        }

        long nowNs();

        void close();
    }

    private record DirectRunner(VirtualTimeScheduler scheduler) implements Runner {
        @Override
        public WorldProgress runUntil(long limitNs) {
            boolean done = scheduler.runUntil(limitNs);
            return new WorldProgress(scheduler.nowNs(), done);
        }

        @Override
        public WorldProgress runWithin(long budgetNs) {
            boolean done = scheduler.runWithin(budgetNs);
            return new WorldProgress(scheduler.nowNs(), done);
        }

        @Override
        public long nowNs() {
            return scheduler.nowNs();
        }

        @Override
        public void close() {
        }
    }

    private static final class BusRunner implements Runner {
        private final Vertx vertx;
        private final String id;
        private final List<Runnable> undeploy;
        private long nowNs;

        BusRunner(Vertx vertx, String id, List<Runnable> undeploy) {
            this.vertx = vertx;
            this.id = id;
            this.undeploy = undeploy;
        }

        @Override
        public WorldProgress runUntil(long limitNs) {
            try {
                WorldProgress p = vertx.eventBus().<WorldProgress>request(Addresses.hypervisor(id), new RunWorld(limitNs),
                        new DeliveryOptions().setSendTimeout(Long.MAX_VALUE / 2)).await().body();
                nowNs = p.nowNs();
                return p;
            } catch (ReplyException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }

        @Override
        public long nowNs() {
            return nowNs;
        }

        @Override
        public void close() {
            for (Runnable u : undeploy.reversed()) u.run();
        }
    }
}
