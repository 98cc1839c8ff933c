/**
 * Metric names, types and tags: one definition shared by the code that records the metrics and the
 * dashboards that query them, so a renamed meter breaks the dashboard build instead of a panel.
 */
package dev.scatterbatch.model.metrics;
