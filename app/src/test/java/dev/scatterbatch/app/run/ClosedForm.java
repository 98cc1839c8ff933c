package dev.scatterbatch.app.run;

import dev.scatterbatch.model.cost.SplitLocation;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.scenario.Scenario;

/**
 * The closed form of docs/model-mechanisms.md ("The closed form"), computed independently of the simulation: the
 * iteration time of each scenario with one guest, no invalidations, synchronous teardown and no jitter, for A
 * buffers per iteration of R ranges of P pages each and compute G. The test oracle of the simulated iteration time.
 *
 * <p>Per BO the four ioctls cost {@code X = 4h + F + M + 2T + U + Fr} (ALLOC, MAP with its TLB flush, UNMAP with its
 * heavyweight flush, FREE); per range the ABI's work (hmm_range always, a notifier and an mmap_lock cycle per range
 * for single BOs and v2, once per BO for v4); per page {@code c_f + c_m} (fault at ALLOC, DMA map and PTE at MAP).
 * A forwarded request costs {@code g + tau}; a buffer's life is four of them. svm-pinned pins every page
 * ({@code pinPerPage}, 4 KiB steps also on huge pages) instead of faulting it; svm migrates every page to VRAM and back
 * ({@code svmPrefetchPerPage}) and exists only for buffers of one range.
 */
record ClosedForm(TrapCostProfile p, int buffers, long ranges, long pagesPerRange, long computeNs, boolean hugePages) {

    /** The iteration time of {@code scenario}, ns. */
    double iterationNs(Scenario scenario) {
        double h = p.hostIoctlNs();
        double f = 4 * (p.guestSyscallNs() + p.forwardedRoundTripNs());
        double perBo = 4 * h + p.kfdAllocFixedNs() + p.gpuMapPerCallNs() + 2 * p.tlbFlushPerMapNs()
                + p.gpuUnmapPerCallNs() + p.kfdFreeFixedNs();
        double oneRange = p.rangeWorkNs(1, 1, 1);
        double factor = hugePages ? p.hugePageFactor() : 1.0;
        double n = ranges * pagesPerRange;
        double pages = n * (p.faultPerPageNs() + p.mapPerPageNs()) * factor;
        double guestCompute = (1 + p.guestComputeSlowdown()) * computeNs;
        double a = buffers;
        return switch (scenario) {
            case BARE_METAL -> computeNs + a * (perBo + oneRange + pages);
            case BATCH -> guestCompute + a * (f + perBo + p.rangeWorkNs(ranges, ranges, ranges) + pages);
            case BATCH_V4 -> guestCompute + a * (f + perBo + p.rangeWorkNs(ranges, 1, 1) + pages);
            case PER_RANGE -> p.splitLocation() == SplitLocation.HOST_VMM
                    ? guestCompute + a * (f + ranges * (perBo + oneRange) + pages)
                    : guestCompute + a * (ranges * (f + perBo + oneRange) + pages);
            case MREMAP -> guestCompute + a * (f + ranges * (p.mremapPerRangeNs() + p.kvmInvalidationNs(pagesPerRange))
                    + perBo + oneRange + pages);
            // one SVM_RANGES (pin every page, one range and notifier, map), nothing at MAP/UNMAP, the placeholder's
            // munmap unmaps from the GPU and frees the range
            case SVM_PINNED -> guestCompute + a * (f + h + p.kfdAllocFixedNs() + p.rangeWorkNs(0, 1, 1) + n * p.pinPerPageNs()
                    + n * p.mapPerPageNs() * factor + p.gpuMapPerCallNs() + 2 * p.tlbFlushPerMapNs() + p.gpuUnmapPerCallNs()
                    + p.kfdFreeFixedNs());
            // one range per buffer: SET_ATTR prefetches to VRAM and maps, FREE's SET_ATTR migrates back and unmaps; the
            // SVM range (and its notifier) stays between iterations, so its insert is left out of the steady state
            case SVM -> guestCompute + a * (f + 2 * h + p.kfdAllocFixedNs() + p.kfdFreeFixedNs() + p.rangeWorkNs(0, 0, 2)
                    + 2 * n * p.svmPrefetchPerPageNs() + n * p.mapPerPageNs() * factor + p.gpuMapPerCallNs()
                    + 2 * p.tlbFlushPerMapNs() + p.gpuUnmapPerCallNs());
        };
    }
}
