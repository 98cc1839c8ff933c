package dev.scatterbatch.perf;

import dev.scatterbatch.host.HostKernel;
import dev.scatterbatch.host.pressure.MemoryPressure;
import dev.scatterbatch.model.cost.CostLedger;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.sim.RandomStreams;
import dev.scatterbatch.model.uapi.AllocFlags;
import dev.scatterbatch.model.wire.HostCommand;
import dev.scatterbatch.model.wire.HostIoctl;
import dev.scatterbatch.model.wire.HostReply;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The host kernel's KFD path as the VMM drives it per range: ALLOC_MEMORY_OF_GPU of one 8 KiB userptr range of
 * guest RAM, MAP_MEMORY_TO_GPU, UNMAP_MEMORY_FROM_GPU and FREE_MEMORY_OF_GPU, each a {@link HostKernel#handle}
 * of the VMM's command with its lock schedule and costs. One operation is the four ioctls.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class KfdIoctlBenchmark {

    private static final int PROCESS = 0;
    private static final long GUEST_RAM = 0x7f00_0000_0000L;
    private static final long GUEST_RAM_BYTES = 1L << 30;
    private static final long GPU_VA = 0x1_0000_0000L;
    private static final List<Integer> GPUS = List.of(HostKernel.GPU_ID);

    private HostKernel host;
    /** Everything charged so far: the VMM's clock, as each ioctl starts when the previous one ended. */
    private final CostLedger charged = new CostLedger();
    private long slot;

    @Setup
    public void boot() {
        host = HostKernel.create(TrapCostProfile::defaults, new RandomStreams(42), MemoryPressure.NONE);
        host.handle(new HostCommand.CreateProcess(PROCESS, 0, 256L << 30, GPUS, GUEST_RAM, GUEST_RAM_BYTES), charged);
        host.handle(new HostCommand.Mmap(PROCESS, 0, GUEST_RAM, GUEST_RAM_BYTES, false), charged);
        charged.clear();
    }

    /** ALLOC, MAP, UNMAP and FREE of one range, each at the virtual time the previous one ended. */
    @Benchmark
    public long allocMapUnmapFree() {
        long cpu = GUEST_RAM + (slot++ & 0xfff) * 0x4_0000L;
        HostReply alloc = ok(host.handle(new HostIoctl.AllocUserptr(PROCESS, charged.totalNs(), HostKernel.GPU_ID, GPU_VA, 8192, cpu,
                AllocFlags.LIBHSAKMT_USERPTR), charged));
        long handle = alloc.handle();
        ok(host.handle(new HostIoctl.MapToGpu(PROCESS, charged.totalNs(), handle, GPUS), charged));
        ok(host.handle(new HostIoctl.UnmapFromGpu(PROCESS, charged.totalNs(), handle, GPUS), charged));
        return ok(host.handle(new HostIoctl.FreeMemory(PROCESS, charged.totalNs(), handle), charged)).ret();
    }

    /** Refuses a failed ioctl (the benchmark would measure an error path). */
    private static HostReply ok(HostReply reply) {
        if (!reply.ok()) throw new IllegalStateException("the benchmark's ioctl failed: " + reply.errno());
        return reply;
    }
}
