package dev.scatterbatch.app.serve;

import dev.scatterbatch.app.run.Transport;
import dev.scatterbatch.app.run.WorldSpec;
import dev.scatterbatch.guest.workload.Workload;
import dev.scatterbatch.guest.workload.WorkloadLoader;
import dev.scatterbatch.controlplane.http.ParamsApi;
import dev.scatterbatch.model.cost.KickPath;
import dev.scatterbatch.model.cost.Parameter;
import dev.scatterbatch.model.cost.ParameterKind;
import dev.scatterbatch.model.cost.PinAccounting;
import dev.scatterbatch.model.cost.TeardownMode;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.scenario.Scenario;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every parameter PUT to {@code /api/params} changes what the running model does from the next virtual-time
 * boundary on: the metrics of a live model that took the change differ from those of the same model without it.
 * (No parameter is fixed for a run's lifetime; if one becomes so, PUT must refuse it with a 400 naming it.)
 */
class LiveParameterChangeTest {

    private static final long CHANGE_AT_NS = 300_000_000L;
    private static final long END_NS = 1_500_000_000L;
    private static final Workload SEED_OPENCL = WorkloadLoader.load("seed-opencl");
    /** seed-opencl with 1 ms of compute: its MAPs' 4 x 4000 PTE writes take most of an iteration. */
    /** seed-opencl's buffers each one run of 2 MiB pages: one host VA range, as the svm scenario needs. */
    private static final Workload ONE_RANGE_OPENCL = WorkloadLoader.withOverrides(SEED_OPENCL, List.of("hugePagePool=1GiB",
            "buffers[0].size=32MiB", "buffers[0].hugePages=true", "buffers[0].fragmentation.runPages=8192"));
    private static final Workload MAP_BOUND_OPENCL = WorkloadLoader.withOverrides(SEED_OPENCL, List.of("compute=1ms"));
    /** seed-opencl's buffers from the 2 MiB hugetlbfs pool, in runs of one huge page: registered every iteration. */
    private static final Workload HUGE_OPENCL = WorkloadLoader.parse("""
            iterations: 100
            guestMemory: 16GiB
            hugePagePool: 1GiB
            compute: 42.898ms
            buffers:
              - name: opencl-buffer
                count: 4
                size: 16MiB
                lifetime: iteration
                hugePages: true
                fragmentation:
                  kind: fixed-runs
                  runPages: 512
            """, "LiveParameterChangeTest", "huge-opencl");
    private static Vertx vertx;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close().await();
    }

    /** Where a parameter shows: the scenario, workload, pressure, guests and base settings under which it costs something. */
    private record Setup(Scenario scenario, Workload workload, double pressure, int guests, Map<Parameter, Object> base) {
        Setup(Scenario scenario, Workload workload, double pressure, Map<Parameter, Object> base) {
            this(scenario, workload, pressure, 1, base);
        }
    }

    private static Setup setupFor(Parameter p) {
        return switch (p) {
            case VM_EXIT_USER -> new Setup(Scenario.PER_RANGE, SEED_OPENCL, 0, Map.of(Parameter.KICK_PATH, KickPath.VMM_EXIT));
            case MREMAP_PER_RANGE, MAX_MAP_COUNT, VCPUS, KVM_ZAP_FIXED, KVM_REMOTE_FLUSH_PER_VCPU, EPT_FAULT_PER_PAGE, GUEST_RAM ->
                    new Setup(Scenario.MREMAP, SEED_OPENCL, 0, Map.of());
            case QUEUE_QUIESCE, QUEUE_RESUME, KERNEL_HZ, REVALIDATE_PER_BO, RESTORE_GRANULARITY, PRESSURE_TARGET ->
                    new Setup(Scenario.BATCH, SEED_OPENCL, 100, Map.of());
            // device queues and CPUs are shared: they show when several guests meet there
            // four guests' whole-BO PTE jobs queue on the device's SDMA rings when MAPs, not compute, fill an iteration
            case PT_UPDATE_PATH -> new Setup(Scenario.BATCH, MAP_BOUND_OPENCL, 0, 4, Map.of());
            case HOST_CPUS -> new Setup(Scenario.PER_RANGE, SEED_OPENCL, 0, 4, Map.of());
            // buffers on 2 MiB pages registered every iteration: each ALLOC faults and each MAP writes huge-backed pages
            case HUGE_PAGE_FACTOR -> new Setup(Scenario.BATCH, HUGE_OPENCL, 0, Map.of());
            case GPU_UNMAP_PER_CALL, KFD_FREE_FIXED -> new Setup(Scenario.PER_RANGE, SEED_OPENCL, 0,
                    Map.of(Parameter.TEARDOWN, TeardownMode.SYNCHRONOUS));
            // pinning: its cost and its limits show at the next registration
            case PIN_PER_PAGE, PIN_ACCOUNTING, OVERSUBSCRIBE -> new Setup(Scenario.SVM_PINNED, SEED_OPENCL, 0, Map.of());
            case MEMLOCK_LIMIT -> new Setup(Scenario.SVM_PINNED, SEED_OPENCL, 0,
                    Map.of(Parameter.PIN_ACCOUNTING, PinAccounting.MEMLOCK, Parameter.MEMLOCK_LIMIT, 1L << 30));
            case SVM_PREFETCH_PER_PAGE -> new Setup(Scenario.SVM, ONE_RANGE_OPENCL, 0, Map.of());
            default -> new Setup(Scenario.PER_RANGE, SEED_OPENCL, 0, Map.of());
        };
    }

    /** A valid value other than the one in force. */
    private static String changedValue(Parameter p, TrapCostProfile base) {
        Object v = base.get(p);
        return switch (p.kind()) {
            case CHOICE -> {
                Object[] options = ((Enum<?>) v).getDeclaringClass().getEnumConstants();
                yield p.format(options[(((Enum<?>) v).ordinal() + 1) % options.length]);
            }
            case DURATION -> ((long) v == 0 ? 50_000L : (long) v * 3) + "ns";
            case FACTOR -> p == Parameter.HUGE_PAGE_FACTOR ? "0.25" : p == Parameter.OVERSUBSCRIBE ? "1.5" : String.valueOf(Math.round((double) v * 3 * 100) / 100.0);
            case COUNT -> p == Parameter.MAX_MAP_COUNT ? "100" : p == Parameter.MEMLOCK_LIMIT ? "4096" : p == Parameter.HOST_CPUS ? "1"
                    : p == Parameter.KERNEL_HZ ? "1000" : String.valueOf((long) v * 3);
        };
    }

    @ParameterizedTest
    @EnumSource(Parameter.class)
    void aPutParameterChangesTheRunningModelFromTheNextBoundary(Parameter p) {
        Setup setup = setupFor(p);
        TrapCostProfile base = TrapCostProfile.defaults().with(setup.base());
        WorldSpec spec = new WorldSpec(setup.scenario(), base, setup.workload(), 42, setup.guests(), 2,
                WorldSpec.DEFAULT_HOST_RAM, setup.pressure());

        Map<String, List<Double>> unchanged = run(spec, null);
        String value = changedValue(p, base);
        String body = "{\"" + p.key() + "\": " + (p.kind() == ParameterKind.FACTOR || p.kind() == ParameterKind.COUNT ? value : "\"" + value + "\"") + "}";
        Map<String, List<Double>> changed = run(spec, body);

        assertThat(changed).as("metrics after PUT %s", body).isNotEqualTo(unchanged);
    }

    /** Runs a live model to {@link #END_NS}, PUTting {@code body} (if any) at {@link #CHANGE_AT_NS}; returns its meters. */
    private static Map<String, List<Double>> run(WorldSpec spec, String body) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LiveModel model = new LiveModel(spec, List.of(spec.scenario()), Transport.DIRECT, registry, vertx, line -> { });
        try {
            model.advanceTo(CHANGE_AT_NS);
            if (body != null) {
                ParamsApi.Response r = new ParamsApi(model::profile, model).put(body);
                assertThat(r.status()).as("PUT %s answered %s", body, r.body()).isEqualTo(200);
            }
            model.advanceTo(END_NS);
            Map<String, List<Double>> meters = new TreeMap<>();
            for (Meter m : registry.getMeters()) {
                if (isAboutTheChange(m)) continue;
                List<Double> values = new ArrayList<>();
                for (Measurement x : m.measure()) values.add(x.getValue());
                meters.put(m.getId().toString(), values);
            }
            return meters;
        } finally {
            model.close();
        }
    }

    /** The change counter and the parameter gauges move with any PUT: they say nothing about the model's behaviour. */
    private static boolean isAboutTheChange(Meter m) {
        String name = m.getId().getName();
        return name.contains("parameter");
    }
}
