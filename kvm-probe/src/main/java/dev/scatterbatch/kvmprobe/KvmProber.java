package dev.scatterbatch.kvmprobe;

import java.lang.foreign.Arena;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;

/**
 * Measures this host's trap costs through {@code /dev/kvm} (the {@code probe-kvm} command), following the method
 * of docs/kvm-probe.md §2: host baselines, then a check of how CPL-0 guest code runs, then every guest operation in
 * one VM in the chosen {@link GuestMode}.
 */
public final class KvmProber {

    /** Batches timed to decide whether CPL-0 code is emulated (the fastest counts). */
    private static final int DETECTION_BATCHES = 5;
    /** Nop-loop iterations per detection batch: 3.3 ms where emulated, a microsecond where native. */
    private static final int DETECTION_ITERATIONS = 2000;
    private static final int NOP_LOOP_INSTRUCTIONS = 3;

    private final ProbePlan plan;

    private KvmProber(ProbePlan plan) {
        this.plan = plan;
    }

    /**
     * Why {@code /dev/kvm} cannot be used here (one sentence), or empty when it can.
     */
    public static Optional<String> unavailableReason() {
        return KvmDevice.unavailableReason();
    }

    /**
     * Runs the probe. It runs on a thread of its own, pinned to a CPU, so the caller's thread keeps its affinity.
     *
     * @throws KvmUnavailableException when {@code /dev/kvm} is missing, not accessible or cannot create a VM
     * @throws KvmException            when a KVM call fails or the guest stops unexpectedly
     */
    public static KvmProbeResult probe(ProbePlan plan) {
        AtomicReference<KvmProbeResult> result = new AtomicReference<>();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Thread vcpuThread = Thread.ofPlatform().name("kvm-probe-vcpu").start(() -> {
            try {
                result.set(new KvmProber(plan).run());
            } catch (RuntimeException e) {
                failure.set(e);
            }
        });
        try {
            vcpuThread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KvmException("interrupted while waiting for the probe");
        }
        if (failure.get() != null) throw failure.get();
        return result.get();
    }

    private KvmProbeResult run() {
        try (Arena arena = Arena.ofConfined()) {
            Libc libc = new Libc(arena);
            List<Integer> cpus = CpuAffinity.allowedCpus(libc, arena);
            int vcpuCpu = cpus.isEmpty() ? -1 : cpus.get(0);
            int backendCpu = cpus.size() > 1 ? cpus.get(1) : -1;
            boolean vcpuPinned = vcpuCpu >= 0 && CpuAffinity.pin(libc, arena, vcpuCpu);
            try (KvmDevice kvm = KvmDevice.open(libc, arena)) {
                Map<ProbeOperation, Latency> latencies = new EnumMap<>(ProbeOperation.class);
                latencies.put(ProbeOperation.HOST_SYSCALL, baseline(Libc::getppid));
                int kvmFd = kvm.fd();
                latencies.put(ProbeOperation.HOST_IOCTL, baseline(() -> libc.ioctl(kvmFd, KvmApi.KVM_GET_API_VERSION, 0L)));
                double cpl0 = cpl0NsPerInstruction(kvm, libc, arena);
                GuestMode mode = plan.mode().orElse(GuestMode.forCpl0Speed(cpl0));
                boolean emulated = mode == GuestMode.LM0 && GuestMode.isEmulated(cpl0);
                boolean backendPinned;
                try (KvmVm vm = KvmVm.create(kvm, libc, arena, mode)) {
                    measureTraps(vm, arena, emulated, latencies);
                    backendPinned = measureKickToBackend(vm, libc, arena, emulated, backendCpu, latencies);
                }
                String placement = "vCPU thread " + (vcpuPinned ? "on CPU " + vcpuCpu : "unpinned")
                        + ", backend thread " + (backendPinned ? "on CPU " + backendCpu : "unpinned");
                return new KvmProbeResult(mode, cpl0, latencies, placement);
            }
        }
    }

    /** Times {@code call} in batches of {@link ProbePlan#CALLS_PER_BASELINE_SAMPLE}, after a warm-up. */
    private Latency baseline(IntSupplier call) {
        int perSample = ProbePlan.CALLS_PER_BASELINE_SAMPLE;
        long sink = 0;
        long warmupEnd = System.nanoTime() + plan.baselineWarmupNanos();
        while (System.nanoTime() < warmupEnd) {
            for (int i = 0; i < perSample; i++) sink += call.getAsInt();
        }
        double[] samples = new double[plan.samples()];
        for (int s = 0; s < samples.length; s++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < perSample; i++) sink += call.getAsInt();
            samples[s] = (double) (System.nanoTime() - t0) / perSample;
        }
        if (sink == Long.MIN_VALUE) throw new AssertionError("unreachable; keeps the calls' results alive");
        return Latency.of(samples);
    }

    /**
     * ns per instruction of a CPL-0 nop loop: the fastest of a few long batches minus the fastest of a few
     * one-iteration batches (which removes the exit), per instruction.
     */
    private static double cpl0NsPerInstruction(KvmDevice kvm, Libc libc, Arena arena) {
        try (KvmVm vm = KvmVm.create(kvm, libc, arena, GuestMode.LM0)) {
            double one = fastestBatch(vm, GuestPrograms.nopLoop(1));
            double many = fastestBatch(vm, GuestPrograms.nopLoop(DETECTION_ITERATIONS));
            return Math.max(0, many - one) / (DETECTION_ITERATIONS - 1) / NOP_LOOP_INSTRUCTIONS;
        }
    }

    private static double fastestBatch(KvmVm vm, GuestCode program) {
        vm.start(program);
        vm.vcpu().runUntilOut(GuestPrograms.EXIT_PORT);
        long fastest = Long.MAX_VALUE;
        for (int i = 0; i < DETECTION_BATCHES; i++) {
            long t0 = System.nanoTime();
            vm.vcpu().runUntilOut(GuestPrograms.EXIT_PORT);
            fastest = Math.min(fastest, System.nanoTime() - t0);
        }
        return fastest;
    }

    private void measureTraps(KvmVm vm, Arena arena, boolean emulated, Map<ProbeOperation, Latency> into) {
        KvmVcpu vcpu = vm.vcpu();
        int n = plan.opsPerBatch(emulated);
        Runnable batchEnd = () -> vcpu.runUntilOut(GuestPrograms.EXIT_PORT);
        into.put(ProbeOperation.GUEST_LOOP, timeRuns(vm, GuestPrograms.emptyLoop(n), batchEnd, n, plan.samples()));
        into.put(ProbeOperation.PIO_EXIT, timeRuns(vm, GuestPrograms.portExit(), batchEnd, 1, plan.exitSamples()));
        into.put(ProbeOperation.MMIO_EXIT, timeRuns(vm, GuestPrograms.mmioExit(KvmVm.MMIO_EXIT_GPA),
                () -> vcpu.runUntilMmioWrite(KvmVm.MMIO_EXIT_GPA), 1, plan.exitSamples()));
        into.put(ProbeOperation.PIC_READ, timeRuns(vm, GuestPrograms.picReads(n), batchEnd, n, plan.samples()));
        vm.pioEventfd(arena, GuestPrograms.KICK_PORT, 1);
        into.put(ProbeOperation.PIO_KICK, timeRuns(vm, GuestPrograms.pioKicks(n), batchEnd, n, plan.samples()));
        vm.mmioEventfd(arena, KvmVm.MMIO_KICK_GPA, 4);
        into.put(ProbeOperation.MMIO_KICK, timeRuns(vm, GuestPrograms.mmioKicks(n, KvmVm.MMIO_KICK_GPA), batchEnd, n, plan.samples()));
    }

    /** Returns whether the backend thread was pinned. */
    private boolean measureKickToBackend(KvmVm vm, Libc libc, Arena arena, boolean emulated, int backendCpu,
                                         Map<ProbeOperation, Latency> into) {
        int efd = vm.pioEventfd(arena, GuestPrograms.BACKEND_KICK_PORT, 1);
        int n = plan.roundTripsPerBatch(emulated);
        try (EventfdBackend backend = new EventfdBackend(efd, vm.memory().asSlice(KvmVm.ACK_WORD, 4), backendCpu, libc, arena)) {
            Runnable batch = () -> {
                int port = vm.vcpu().runUntilPortOut();
                if (port == GuestPrograms.ACK_TIMEOUT_PORT) {
                    String why = backend.failure();
                    throw new KvmException("the backend thread did not acknowledge a kick within about a second"
                            + (why == null ? "" : " (" + why + ")"));
                }
                if (port != GuestPrograms.EXIT_PORT) throw new KvmException(String.format("the guest wrote to port 0x%x mid-batch", port));
            };
            into.put(ProbeOperation.KICK_BLOCKED_ACK, timeRuns(vm, GuestPrograms.kickAndWaitForAck(n, KvmVm.ACK_WORD), batch, n, plan.samples()));
            return backend.pinned();
        }
    }

    /**
     * Loads {@code program}, runs it untimed for the plan's warm-up, then times
     * {@code samples} runs; a sample is one run's time divided by the {@code opsPerRun} operations in it.
     */
    private Latency timeRuns(KvmVm vm, GuestCode program, Runnable runOnce, int opsPerRun, int samples) {
        vm.start(program);
        long warmupEnd = System.nanoTime() + plan.guestWarmupNanos();
        for (int i = 0; i < plan.warmupSamples() || System.nanoTime() < warmupEnd; i++) runOnce.run();
        double[] ns = new double[samples];
        for (int s = 0; s < samples; s++) {
            long t0 = System.nanoTime();
            runOnce.run();
            ns[s] = (double) (System.nanoTime() - t0) / opsPerRun;
        }
        return Latency.of(ns);
    }
}
