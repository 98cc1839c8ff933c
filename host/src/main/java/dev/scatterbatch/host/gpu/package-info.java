/** The GPU: compute jobs of every process on one device, stalled while a process's queues are evicted. */
package dev.scatterbatch.host.gpu;
