/**
 * Host resources that make work wait: locks, device-wide queues and CPUs, held on the virtual clock. The model
 * charges the waiting time (components {@code lockWait} and {@code deviceQueueWait}) where the kernel's caller
 * would sleep or spin.
 */
package dev.scatterbatch.host.sync;
