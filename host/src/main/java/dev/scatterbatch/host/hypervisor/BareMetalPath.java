package dev.scatterbatch.host.hypervisor;

import dev.scatterbatch.model.uapi.Errno;
import dev.scatterbatch.model.wire.HostCommand;
import dev.scatterbatch.model.wire.HostIoctl.CpuRange;
import dev.scatterbatch.model.wire.UserptrRequest;

import java.util.List;

/** No VM: the native app mmaps the buffer as one CPU VA range and registers it with one ALLOC. */
record BareMetalPath() implements RegistrationPath {

    @Override
    public VmmResult register(VmmCall call, GuestBuffer b, UserptrRequest r, List<CpuRange> ranges) {
        long cpu = call.cpuVa.reserve(b.bytes);
        if (cpu < 0) return VmmResult.failed(Errno.ENOMEM, "CPU VA window exhausted");
        VmmResult mmap = call.syscall(new HostCommand.Mmap(call.processId, call.now(), cpu, b.bytes, r.hugeBacked()), "mmap");
        if (!mmap.ok()) {
            call.cpuVa.release(cpu, b.bytes);
            return mmap;
        }
        b.cpuVa = cpu;
        return call.allocateCpuVa(b);
    }
}
