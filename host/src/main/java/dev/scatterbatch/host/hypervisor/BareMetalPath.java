package dev.scatterbatch.host.hypervisor;

import dev.scatterbatch.model.wire.HostIoctl.CpuRange;
import dev.scatterbatch.model.wire.UserptrRequest;

import java.util.List;

/** No VM: the native app mmaps the buffer as one CPU VA range and registers it with one ALLOC. */
record BareMetalPath() implements RegistrationPath {

    @Override
    public VmmResult register(VmmCall call, GuestBuffer b, UserptrRequest r, List<CpuRange> ranges) {
        VmmResult mmap = call.mapCpu(b, r.hugeBacked());
        return mmap.ok() ? call.allocateCpuVa(b) : mmap;
    }
}
