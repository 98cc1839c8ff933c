package dev.scatterbatch.model.metrics;

/** How a metric is exported to Prometheus. */
public enum MetricType {
    /** A monotonically increasing count: exported with {@code _total}. */
    COUNTER,
    /** A current value. */
    GAUGE,
    /** Buckets, {@code _count} and {@code _sum}: exported with {@code _bucket}. */
    HISTOGRAM
}
