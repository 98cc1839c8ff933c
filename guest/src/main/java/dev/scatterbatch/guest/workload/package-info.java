/**
 * Workloads: what a guest application registers with the GPU per iteration (buffer counts, sizes,
 * lifetimes, guest-physical fragmentation, huge-page backing), its GPU compute time, the score reference,
 * and the rates of host memory events that invalidate its userptr ranges. Loaded from YAML, bundled by name.
 */
package dev.scatterbatch.guest.workload;
