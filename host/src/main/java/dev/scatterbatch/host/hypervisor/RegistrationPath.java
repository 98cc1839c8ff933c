package dev.scatterbatch.host.hypervisor;

import dev.scatterbatch.model.scenario.Scenario;
import dev.scatterbatch.model.wire.HostIoctl.CpuRange;
import dev.scatterbatch.model.wire.HostReply;
import dev.scatterbatch.model.wire.UserptrRequest;

import java.util.List;

/**
 * How one scenario turns a guest buffer into host KFD ioctls: its register sequence, and the MAP, UNMAP, FREE and
 * teardown that go with it. One implementation per {@link Scenario}; {@link #of} switches over every scenario, so
 * a new one does not compile until it has a path.
 */
sealed interface RegistrationPath permits BareMetalPath, PerRangePath, BatchPath, BatchV4Path, MremapPath,
        MappedAtRegistration {

    /** The path of {@code scenario}. */
    static RegistrationPath of(Scenario scenario) {
        return switch (scenario) {
            case BARE_METAL -> new BareMetalPath();
            case PER_RANGE -> new PerRangePath();
            case BATCH -> new BatchPath();
            case BATCH_V4 -> new BatchV4Path();
            case MREMAP -> new MremapPath();
            case SVM_PINNED -> new SvmPinnedPath();
            case SVM -> new SvmPath();
        };
    }

    /**
     * Registers {@code ranges} (the whole buffer, or the one part the request names) at the buffer's GPU VA. On a
     * failure whatever the path made on the way is undone before it returns.
     */
    VmmResult register(VmmCall call, GuestBuffer b, UserptrRequest r, List<CpuRange> ranges);

    /** Maps the BOs in {@code slots}; on a failure the ones mapped are unmapped again. */
    default VmmResult map(VmmCall call, GuestBuffer b, int[] slots) {
        for (int i = 0; i < slots.length; i++) {
            HostReply reply = call.mapToGpu(b.handles.get(slots[i]));
            if (!reply.ok()) {
                for (int j = 0; j < i; j++) {
                    call.unmapFromGpu(b.handles.get(slots[j]));
                }
                return VmmCall.failed(reply, "host MAP answered " + reply.errno());
            }
        }
        return VmmResult.OK;
    }

    /** Unmaps the BOs in {@code slots}, every one even after a failure; answers the first failure. */
    default VmmResult unmap(VmmCall call, GuestBuffer b, int[] slots) {
        VmmResult result = VmmResult.OK;
        for (int slot : slots) {
            HostReply reply = call.unmapFromGpu(b.handles.get(slot));
            if (!reply.ok() && result.ok()) result = VmmCall.failed(reply, "host UNMAP answered " + reply.errno());
        }
        return result;
    }

    /** Frees the BOs in {@code slots}, every one even after a failure; once none is left, {@link #teardown}. */
    default VmmResult free(VmmCall call, GuestBuffer b, int[] slots) {
        VmmResult result = VmmResult.OK;
        for (int slot : slots) {
            VmmResult r = call.freeHandle(b.handles.remove(slot));
            if (!r.ok() && result.ok()) result = r;
        }
        if (b.handles.isEmpty()) teardown(call, b);
        return result;
    }

    /**
     * Releases what the buffer holds besides its BOs, once its last BO is freed: the CPU VA a path mapped for it
     * (bare metal's heap, mremap's stitched range, svm-pinned's placeholder), if any.
     */
    default void teardown(VmmCall call, GuestBuffer b) {
        if (b.cpuVa >= 0) call.releaseCpu(b);
    }
}
