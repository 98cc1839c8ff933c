package dev.scatterbatch.model.metrics;

import java.util.List;

/** Every scatterbatch metric (listed in {@code MetricNames} and docs/live.md). Simulated durations are recorded in simulated seconds. */
public final class MetricNames {

    /** Tag: the registration scenario ({@code bare-metal}, {@code per-range}, {@code batch}, ...). */
    public static final String SCENARIO = "scenario";
    /** Tag: the ioctl command ({@code ALLOC_MEMORY_OF_GPU}, ...). */
    public static final String CMD = "cmd";
    /** Tag: an ioctl's result: {@code ok} or the errno name. */
    public static final String RESULT = "result";
    /** Tag: why a VM exit happened. */
    public static final String REASON = "reason";
    /** Tag: a time-attribution component. */
    public static final String COMPONENT = "component";
    /** Tag: the guest index. */
    public static final String GUEST = "guest";
    /** Tag: a profile parameter name. */
    public static final String NAME = "name";

    public static final Metric FORWARDED_REQUESTS = new Metric("scatterbatch.forwarded.requests", null, MetricType.COUNTER,
            "Requests the guest forwarded to the VMM (virtio-gpu round trips)", List.of(SCENARIO));
    public static final Metric VM_EXITS = new Metric("scatterbatch.vm.exits", null, MetricType.COUNTER,
            "VM exits caused by forwarded requests, by reason", List.of(SCENARIO, REASON));
    public static final Metric HOST_IOCTLS = new Metric("scatterbatch.host.ioctls", null, MetricType.COUNTER,
            "KFD ioctls issued on the host, by command and result", List.of(SCENARIO, CMD, RESULT));
    public static final Metric IOCTL_DURATION = new Metric("scatterbatch.ioctl.duration", "seconds", MetricType.HISTOGRAM,
            "Simulated duration of one host KFD ioctl (entry, driver work, exit)", List.of(SCENARIO, CMD));
    public static final Metric RANGES_PER_BUFFER = new Metric("scatterbatch.ranges.per.buffer", null, MetricType.HISTOGRAM,
            "Host VA ranges backing one guest buffer", List.of(SCENARIO));
    public static final Metric BUFFERS_REGISTERED = new Metric("scatterbatch.buffers.registered", null, MetricType.COUNTER,
            "Guest buffers registered with the GPU", List.of(SCENARIO));
    public static final Metric USERPTR_EVICTIONS = new Metric("scatterbatch.userptr.evictions", null, MetricType.COUNTER,
            "Userptr invalidations that evicted a BO (evicted_bos increments)", List.of(SCENARIO));
    public static final Metric USERPTR_RESTORES = new Metric("scatterbatch.userptr.restores", null, MetricType.COUNTER,
            "Runs of the userptr restore worker, by result", List.of(SCENARIO, RESULT));
    public static final Metric QUEUE_STALL = new Metric("scatterbatch.queue.stall", "seconds", MetricType.COUNTER,
            "Simulated time the process's GPU queues were evicted", List.of(SCENARIO));
    public static final Metric TIME_ATTRIBUTION = new Metric("scatterbatch.time.attribution", "seconds", MetricType.COUNTER,
            "Simulated iteration time by component", List.of(SCENARIO, COMPONENT));
    public static final Metric BENCHMARK_SCORE = new Metric("scatterbatch.benchmark.score", null, MetricType.GAUGE,
            "Benchmark score K / T_iteration of the most recent iterations", List.of(SCENARIO));
    public static final Metric PROFILE_PARAMETER = new Metric("scatterbatch.profile.parameter", null, MetricType.GAUGE,
            "Current value of each numeric cost parameter (durations in seconds)", List.of(NAME));
    public static final Metric PARAMETER_CHANGES = new Metric("scatterbatch.parameter.changes", null, MetricType.COUNTER,
            "Profile changes applied through PUT /api/params", List.of());
    public static final Metric VIRTUAL_TIME = new Metric("scatterbatch.virtual.time", "seconds", MetricType.GAUGE,
            "Simulated time of the running model", List.of());

    /** Every metric, in the order docs/live.md describes them. */
    public static final List<Metric> ALL = List.of(FORWARDED_REQUESTS, VM_EXITS, HOST_IOCTLS, IOCTL_DURATION,
            RANGES_PER_BUFFER, BUFFERS_REGISTERED, USERPTR_EVICTIONS, USERPTR_RESTORES, QUEUE_STALL,
            TIME_ATTRIBUTION, BENCHMARK_SCORE, PROFILE_PARAMETER, PARAMETER_CHANGES, VIRTUAL_TIME);

    private MetricNames() {
    }
}
