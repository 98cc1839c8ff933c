/**
 * The free-extent structure every allocator of the model shares ({@link dev.scatterbatch.extent.ExtentSet}: the
 * guest's physical pages, the VMM's GPU VA aperture and CPU VA window, KFD's mmap-offset space) and the primitive tree
 * under it ({@link dev.scatterbatch.extent.LongPairSet}), kept in arrays so the simulation's allocations, which change
 * it on every ioctl, neither box nor allocate per extent.
 */
package dev.scatterbatch.extent;
