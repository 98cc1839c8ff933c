/**
 * The benchmark application that runs inside the guest (or natively, for bare metal): per iteration it
 * registers and maps its buffers with the GPU, runs the compute, then unmaps and frees them.
 */
package dev.scatterbatch.guest.bench;
