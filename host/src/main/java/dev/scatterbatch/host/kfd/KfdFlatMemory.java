package dev.scatterbatch.host.kfd;

import dev.scatterbatch.model.uapi.KfdIoctlLayouts;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The process apertures of {@code kfd_flat_memory.c} ({@code kfd_init_apertures_v9}, GC 9.0.1 and later): LDS and
 * scratch apertures at fixed 48-bit bases, the GPU VM from {@code gpuvm_base} up to the GMC hole.
 */
final class KfdFlatMemory {

    /** {@code MAKE_LDS_APP_BASE_V9}. */
    static final long LDS_BASE = 1L << 48;
    /** {@code MAKE_SCRATCH_APP_BASE_V9}. */
    static final long SCRATCH_BASE = 2L << 48;
    /** {@code gpuvm_size - 1} with {@code gpuvm_size = AMDGPU_GMC_HOLE_START} (a 48-bit VM). */
    static final long GPUVM_LIMIT = (1L << 47) - 1;

    private KfdFlatMemory() {
    }

    /** One {@code struct kfd_process_device_apertures} (56 bytes) of device {@code gpuId}. */
    static byte[] apertures(int gpuId, KernelVersion kernel) {
        ByteBuffer b = ByteBuffer.allocate(KfdIoctlLayouts.APERTURES_ENTRY_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(LDS_BASE).putLong(limit(LDS_BASE)).putLong(SCRATCH_BASE).putLong(limit(SCRATCH_BASE))
                .putLong(kernel.gpuvmBase()).putLong(GPUVM_LIMIT).putInt(gpuId).putInt(0);
        return b.array();
    }

    /** {@code MAKE_APE_LIMIT}-style limit of a 4 GiB aperture: {@code (base & ~0xFFFFFFFF) | 0xFFFFFFFF}. */
    private static long limit(long base) {
        return (base & ~0xFFFFFFFFL) | 0xFFFFFFFFL;
    }
}
