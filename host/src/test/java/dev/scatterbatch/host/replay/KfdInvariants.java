package dev.scatterbatch.host.replay;

import dev.scatterbatch.host.kfd.BoState;
import dev.scatterbatch.host.kfd.GpuVaMapping;
import dev.scatterbatch.host.kfd.KfdProcess;
import dev.scatterbatch.host.kfd.KfdState;
import dev.scatterbatch.host.kfd.UserptrAbi;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** What holds of a KFD process after every trace line, valid or not, and what a refused line leaves unchanged. */
final class KfdInvariants {

    private KfdInvariants() {
    }

    /**
     * Memory accounting equals the sum of the live BOs' page-aligned charges and the SVM ranges'; the mm's notifiers are exactly the
     * live ranges'; GPU VA mappings never overlap within a VM; queues are evicted exactly while BOs or SVM ranges are.
     */
    static void check(KfdProcess kfd, Supplier<String> context) {
        KfdState s = kfd.state();
        long charged = 0;
        int notifiers = 0;
        int mapped = 0;
        for (BoState b : s.bos()) {
            assertThat(b.systemMemCharge()).as(context).isIn(0L, b.size());
            charged += b.systemMemCharge();
            mapped += b.mapped();
            if (b.userptr() != null) notifiers += b.userptr() == UserptrAbi.BATCH_V2 ? b.ranges() : 1;
        }
        assertThat(s.systemMemUsed()).as(context).isEqualTo(charged + kfd.svmChargedBytes());
        assertThat(s.notifiers()).as(context).isEqualTo(notifiers + kfd.svmRangeCount());
        List<GpuVaMapping> mappings = kfd.gpuVaMappings();
        assertThat(mappings).as(context).hasSize(mapped);
        Map<Integer, List<GpuVaMapping>> byGpu = mappings.stream().collect(Collectors.groupingBy(GpuVaMapping::gpuId));
        for (List<GpuVaMapping> vm : byGpu.values()) {
            List<GpuVaMapping> sorted = vm.stream().sorted(Comparator.comparingLong(GpuVaMapping::va)).toList();
            for (int i = 1; i < sorted.size(); i++) {
                assertThat(sorted.get(i - 1).va() + sorted.get(i - 1).size()).as(context).isLessThanOrEqualTo(sorted.get(i).va());
            }
        }
        assertThat(s.queueEvictCount()).as(context).isEqualTo((s.evictedBos() > 0 ? 1 : 0) + (kfd.svmEvicted() ? 1 : 0));
    }

    /** What a refused line must leave unchanged: state, GPU mappings, notifiers, reservations and offsets. */
    record Snapshot(KfdState state, List<GpuVaMapping> mappings, int mmNotifiers, long ttm,
                    Map<Integer, Long> vram, Map<Integer, Integer> offsets, int mapCount) {
        static Snapshot of(KfdProcess kfd) {
            Map<Integer, Long> vram = new TreeMap<>();
            Map<Integer, Integer> offsets = new TreeMap<>();
            for (int gpu : kfd.environment().gpuIds()) {
                vram.put(gpu, kfd.driver().vramUsed(gpu));
                offsets.put(gpu, kfd.driver().mmapOffsetsInUse(gpu));
            }
            return new Snapshot(kfd.state(), kfd.gpuVaMappings(), kfd.mm().notifierCount(), kfd.driver().ttmMemUsed(),
                    vram, offsets, kfd.mm().mapCount());
        }
    }
}
