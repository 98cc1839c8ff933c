package dev.scatterbatch.dashboards;

import dev.scatterbatch.model.metrics.Metric;
import dev.scatterbatch.model.metrics.MetricType;

import java.util.List;

/**
 * The Vert.x event-bus metrics the detail dashboard reads. vertx-micrometer-metrics 5 registers them
 * (not scatterbatch), with an {@code address} label when {@code Label.EB_ADDRESS} is enabled and a
 * {@code side} label ({@code local} or {@code remote}); names and help texts here are the ones it exports
 * (vertx-micrometer-metrics {@code VertxEventBusMetrics}).
 */
public final class VertxMetricNames {

    private static final String ADDRESS = "address";
    private static final String SIDE = "side";
    private static final String FAILURE = "failure";

    public static final Metric EVENTBUS_SENT = new Metric("vertx.eventbus.sent", null, MetricType.COUNTER, "Number of messages sent (point-to-point)",
            List.of(ADDRESS, SIDE));
    public static final Metric EVENTBUS_PROCESSED = new Metric("vertx.eventbus.processed", null, MetricType.COUNTER, "Number of processed messages",
            List.of(ADDRESS, SIDE));
    public static final Metric EVENTBUS_PENDING = new Metric("vertx.eventbus.pending", null, MetricType.GAUGE,
            "Number of messages not processed yet", List.of(ADDRESS, SIDE));
    public static final Metric EVENTBUS_DISCARDED = new Metric("vertx.eventbus.discarded", null, MetricType.COUNTER,
            "Number of discarded messages", List.of(ADDRESS, SIDE));
    public static final Metric EVENTBUS_REPLY_FAILURES = new Metric("vertx.eventbus.reply.failures", null, MetricType.COUNTER,
            "Number of message reply failures", List.of(ADDRESS, FAILURE));

    /** Every Vert.x metric a dashboard reads. */
    public static final List<Metric> ALL = List.of(EVENTBUS_SENT, EVENTBUS_PROCESSED, EVENTBUS_PENDING,
            EVENTBUS_DISCARDED, EVENTBUS_REPLY_FAILURES);

    private VertxMetricNames() {
    }
}
