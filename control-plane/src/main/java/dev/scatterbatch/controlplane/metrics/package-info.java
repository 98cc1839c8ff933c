/** Prometheus metrics of a running model (Micrometer), recorded from the simulation's observer callbacks. */
package dev.scatterbatch.controlplane.metrics;
