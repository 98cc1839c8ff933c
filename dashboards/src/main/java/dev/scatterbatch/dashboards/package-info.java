/**
 * Grafana dashboards as code: a small typed builder for the classic dashboard JSON model
 * ({@link dev.scatterbatch.dashboards.Dashboard}, {@link dev.scatterbatch.dashboards.Panel},
 * {@link dev.scatterbatch.dashboards.Target}, {@link dev.scatterbatch.dashboards.Variable},
 * {@link dev.scatterbatch.dashboards.Annotation}), the scatterbatch dashboards built with it, and
 * {@link dev.scatterbatch.dashboards.DashboardGenerator}, which writes them to {@code dashboards/grafana/}.
 * Every metric name comes from {@link dev.scatterbatch.model.metrics.MetricNames}, so renaming a meter
 * breaks this build rather than a panel.
 */
package dev.scatterbatch.dashboards;
