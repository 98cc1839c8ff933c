package dev.scatterbatch.host.kfd;

import dev.scatterbatch.host.mm.PageSize;
import dev.scatterbatch.model.cost.CostLedger;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.sim.EventQueue;
import dev.scatterbatch.model.uapi.AllocFlags;
import dev.scatterbatch.model.uapi.AllocMemoryOfGpuArgs;
import dev.scatterbatch.model.uapi.AllocMemoryOfGpuBatchArgs;
import dev.scatterbatch.model.uapi.FreeMemoryOfGpuArgs;
import dev.scatterbatch.model.uapi.IoctlResult;
import dev.scatterbatch.model.uapi.KfdIoctlArgs;
import dev.scatterbatch.model.uapi.SparseUserMemory;
import dev.scatterbatch.model.uapi.UserptrRange;
import dev.scatterbatch.model.uapi.UserptrRangesData;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Wall time and allocation of registering one batch of scattered ranges (v2 ioctl and v4 flag), kept out of the
 * unit tests. Run after {@code mvn -pl host -am test-compile}:
 * {@code java -cp host/target/test-classes:host/target/classes:shared-model/target/classes:extent/target/classes:$(deps)
 * dev.scatterbatch.host.kfd.BatchRegistrationPerfCheck}.
 */
public final class BatchRegistrationPerfCheck {

    private static final long RANGES_PTR = 0x7ff000000000L;
    private static final long BASE = 0x10000000000L;

    private BatchRegistrationPerfCheck() {
    }

    public static void main(String[] args) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        System.out.println("ranges  range-size   abi  ret     median-us  p99-us  alloc-bytes/registration");
        for (long[] c : new long[][]{{4000, 4096}, {4000, 2L << 20}, {4000, 256L << 20}, {1000, 1L << 30}, {4000, 1L << 30}}) {
            for (boolean v4 : new boolean[]{false, true}) run(threads, (int) c[0], c[1], v4);
        }
    }

    private static void run(com.sun.management.ThreadMXBean threads, int n, long rangeSize, boolean v4) {
        KfdEnvironment env = KfdEnvironment.of(8L << 40, List.of(1), true);
        KfdProcess kfd = new KfdProcess(env, new EventQueue(), TrapCostProfile::defaults);
        // one VMA as guest RAM; the ranges are every other chunk of it, so none touches the next
        kfd.mm().mmap(BASE, 2L * n * rangeSize, PageSize.SMALL);
        List<UserptrRange> ranges = new ArrayList<>(n);
        for (int i = 0; i < n; i++) ranges.add(new UserptrRange(BASE + 2L * i * rangeSize, rangeSize));
        long total = n * rangeSize;
        SparseUserMemory user = new SparseUserMemory();
        if (v4) user.placeRangesData(RANGES_PTR, UserptrRangesData.of(ranges));
        else user.placeRanges(RANGES_PTR, ranges);
        int rounds = 400;
        long[] ns = new long[rounds];
        long bytes = 0;
        int ret = 0;
        for (int r = -100; r < rounds; r++) {
            long a0 = threads.getCurrentThreadAllocatedBytes();
            long t0 = System.nanoTime();
            IoctlResult<? extends KfdIoctlArgs> result = v4
                    ? kfd.allocMemoryOfGpu(AllocMemoryOfGpuArgs.request(1, 0x200000000L, total, RANGES_PTR,
                    AllocFlags.LIBHSAKMT_USERPTR | AllocFlags.USERPTR_BATCH), user, new CostLedger())
                    : kfd.allocMemoryOfGpuBatch(AllocMemoryOfGpuBatchArgs.request(1, 0x200000000L, total, RANGES_PTR, n,
                    AllocFlags.LIBHSAKMT_USERPTR), user, new CostLedger());
            long t1 = System.nanoTime();
            long a1 = threads.getCurrentThreadAllocatedBytes();
            ret = result.ret();
            if (ret == 0) {
                long handle = result.args() instanceof AllocMemoryOfGpuArgs a ? a.handle() : ((AllocMemoryOfGpuBatchArgs) result.args()).handle();
                kfd.freeMemoryOfGpu(new FreeMemoryOfGpuArgs(handle), new CostLedger());
            }
            if (r >= 0) {
                ns[r] = t1 - t0;
                bytes += a1 - a0;
            }
        }
        Arrays.sort(ns);
        System.out.printf("%6d  %10s  %4s  %4d  %9.1f  %6.1f  %d%n", n, size(rangeSize), v4 ? "v4" : "v2", ret,
                ns[rounds / 2] / 1e3, ns[rounds * 99 / 100] / 1e3, bytes / rounds);
    }

    private static String size(long bytes) {
        return bytes >= 1L << 30 ? (bytes >> 30) + "GiB" : bytes >= 1L << 20 ? (bytes >> 20) + "MiB" : (bytes >> 10) + "KiB";
    }
}
