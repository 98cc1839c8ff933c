package dev.scatterbatch.perf;

import dev.scatterbatch.model.cost.Component;
import dev.scatterbatch.model.cost.CostLedger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * The cost ledger as one simulated ioctl uses it: a fresh ledger charged a handful of components, summed, and
 * added to its iteration's ledger.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CostLedgerBenchmark {

    private final CostLedger iteration = new CostLedger();
    private long amount = 1;

    /** What the VMM and KFD charge to one ALLOC of the per-range path, then the iteration's sum. */
    @Benchmark
    public long chargeOneIoctl() {
        CostLedger ioctl = new CostLedger();
        ioctl.charge(Component.GUEST_SYSCALL, amount);
        ioctl.charge(Component.TRANSPORT, amount + 1);
        ioctl.charge(Component.KFD_FIXED, amount + 2);
        ioctl.charge(Component.PER_PAGE, amount + 3);
        iteration.addAll(ioctl);
        amount = (amount + 1) & 0xff;
        return ioctl.totalNs();
    }
}
