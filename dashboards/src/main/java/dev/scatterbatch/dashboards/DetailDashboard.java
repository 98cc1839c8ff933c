package dev.scatterbatch.dashboards;

import java.util.List;

import static dev.scatterbatch.dashboards.PromQl.rate;
import static dev.scatterbatch.dashboards.PromQl.sumBy;
import static dev.scatterbatch.model.metrics.MetricNames.CMD;
import static dev.scatterbatch.model.metrics.MetricNames.HOST_IOCTLS;
import static dev.scatterbatch.model.metrics.MetricNames.IOCTL_DURATION;
import static dev.scatterbatch.model.metrics.MetricNames.QUEUE_STALL;
import static dev.scatterbatch.model.metrics.MetricNames.RANGES_PER_BUFFER;
import static dev.scatterbatch.model.metrics.MetricNames.SCENARIO;
import static dev.scatterbatch.model.metrics.MetricNames.USERPTR_EVICTIONS;
import static dev.scatterbatch.model.metrics.MetricNames.USERPTR_RESTORES;
import static dev.scatterbatch.model.metrics.MetricNames.VM_EXITS;

/**
 * The detail board: host ioctl latency (heatmaps and quantiles by command), ranges per buffer, VM exits,
 * userptr evictions, restores and queue stalls, and the health of the Vert.x event bus.
 */
public final class DetailDashboard {

    /** The dashboard's uid. */
    public static final String UID = "scatterbatch-detail";

    private static final PromQl FILTERED = new PromQl(List.of(SCENARIO, CMD));
    private static final PromQl JOB_ONLY = new PromQl(List.of());
    /** Vert.x labels event-bus series by side always, by address only with {@code Label.EB_ADDRESS}. */
    private static final String EVENT_BUS_LABELS = "side, address";

    private DetailDashboard() {
    }

    /** Builds the dashboard. */
    public static Dashboard build() {
        String ioctls = PromQl.filteredByJob(IOCTL_DURATION.count());
        return Boards.start(UID, "scatterbatch: detail",
                        "Host KFD ioctl latency by command, ranges per buffer, VM exits, userptr evictions, restores "
                                + "and GPU queue stalls, and the Vert.x event bus that carries the model's messages.")
                .variable(Variable.labelFilter(SCENARIO, "Scenario", ioctls))
                .variable(Variable.labelFilter(CMD, "Command", ioctls))

                .row("Host KFD ioctls")
                .panel(12, 9, Panel.heatmap("Ioctl latency: $cmd",
                        "Distribution of the simulated duration of one host ioctl (entry, driver work, exit), one "
                                + "heatmap per command; brighter cells hold more ioctls per second.",
                        "s", Target.heatmap("A", sumBy("le",
                                rate(FILTERED.selectSeries(IOCTL_DURATION, IOCTL_DURATION.bucket()))))
                ).repeatedBy(CMD, 2))
                .panel(12, 8, Panel.timeseries("Ioctl latency p50 and p99 by command",
                        "Median and 99th percentile of the simulated ioctl duration, from the histogram buckets.",
                        "s",
                        Target.of("A", FILTERED.quantileBy(0.5, "cmd", IOCTL_DURATION), "p50 {{cmd}}"),
                        Target.of("B", FILTERED.quantileBy(0.99, "cmd", IOCTL_DURATION), "p99 {{cmd}}"))
                        .logScale())
                .panel(12, 8, Panel.timeseries("Host ioctls per second by command and result",
                        "KFD ioctls issued on the host per second; a result other than ok is the errno the "
                                + "kernel answered.",
                        "ops", Target.of("A", FILTERED.rateBy("cmd, result", HOST_IOCTLS), "{{cmd}} {{result}}")))

                .row("Buffers, ranges and VM exits")
                .panel(12, 8, Panel.timeseries("Ranges per buffer",
                        "Host VA ranges backing one guest buffer: median, 99th percentile and mean by scenario.",
                        "none",
                        Target.of("A", FILTERED.quantileBy(0.5, "scenario", RANGES_PER_BUFFER), "p50 {{scenario}}"),
                        Target.of("B", FILTERED.quantileBy(0.99, "scenario", RANGES_PER_BUFFER), "p99 {{scenario}}"),
                        Target.of("C", FILTERED.meanBy("scenario", RANGES_PER_BUFFER), "mean {{scenario}}")))
                .panel(12, 8, Panel.timeseries("VM exits per second by reason",
                        "VM exits caused by forwarded requests per second, by scenario and reason.",
                        "ops", Target.of("A", FILTERED.rateBy("scenario, reason", VM_EXITS),
                                "{{scenario}} {{reason}}")))

                .row("Userptr evictions and restores")
                .panel(8, 8, Panel.timeseries("Userptr evictions per second",
                        "Invalidations of userptr memory that evicted a BO (KFD evicted_bos increments).",
                        "ops", Target.of("A", FILTERED.rateBy("scenario", USERPTR_EVICTIONS), "{{scenario}}")))
                .panel(8, 8, Panel.timeseries("Userptr restores per second by result",
                        "Runs of the userptr restore worker: success, fault (a BO stays invalid), or retry and raced "
                                + "(run again after the restore delay).",
                        "ops", Target.of("A", FILTERED.rateBy("scenario, result", USERPTR_RESTORES),
                                "{{scenario}} {{result}}")))
                .panel(8, 8, Panel.timeseries("GPU queue stall",
                        "Share of simulated time the process's GPU queues were evicted (stalled) awaiting restore.",
                        "percentunit", Target.of("A", FILTERED.rateBy("scenario", QUEUE_STALL), "{{scenario}}")))

                .row("Vert.x event bus")
                .panel(8, 8, Panel.timeseries("Event-bus messages sent and processed",
                        "Messages sent point-to-point and messages processed by handlers per second, by side "
                                + "(local or remote) and address: one request per world per step (serve's default "
                                + "direct transport), or every simulated request (--transport eventbus).",
                        "ops",
                        Target.of("A", JOB_ONLY.rateBy(EVENT_BUS_LABELS, VertxMetricNames.EVENTBUS_SENT),
                                "sent {{side}} {{address}}"),
                        Target.of("B", JOB_ONLY.rateBy(EVENT_BUS_LABELS, VertxMetricNames.EVENTBUS_PROCESSED),
                                "processed {{side}} {{address}}")))
                .panel(8, 8, Panel.timeseries("Event-bus pending messages",
                        "Messages received but not yet processed; a growing value means a blocked event loop or "
                                + "a slow handler.",
                        "none", Target.of("A", PromQl.sumBy(EVENT_BUS_LABELS,
                                JOB_ONLY.select(VertxMetricNames.EVENTBUS_PENDING)), "{{side}} {{address}}")))
                .panel(8, 8, Panel.timeseries("Event-bus discarded messages and reply failures",
                        "Messages discarded (no handler, or the pending queue full) and failed replies (timeout, "
                                + "no handlers, recipient failure) per second; 0 for an address that carries "
                                + "messages and has had no failure.",
                        "ops",
                        Target.of("A", JOB_ONLY.rateBy(EVENT_BUS_LABELS, VertxMetricNames.EVENTBUS_DISCARDED),
                                "discarded {{side}} {{address}}"),
                        Target.of("B", JOB_ONLY.orZeroBy(JOB_ONLY.rateBy("address, failure", VertxMetricNames.EVENTBUS_REPLY_FAILURES),
                                        "address", VertxMetricNames.EVENTBUS_SENT),
                                "reply failure {{failure}} {{address}}")))
                .build();
    }
}
