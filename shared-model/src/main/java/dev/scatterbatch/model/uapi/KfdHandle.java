package dev.scatterbatch.model.uapi;

/**
 * BO handle encoding of {@code kfd_priv.h}: {@code MAKE_HANDLE(gpu_id, idr) = (u64)gpu_id << 32 | idr}.
 */
public final class KfdHandle {

    private KfdHandle() {
    }

    /** {@code MAKE_HANDLE(gpu_id, idr)}. */
    public static long make(int gpuId, int idr) {
        return (gpuId & 0xFFFF_FFFFL) << 32 | (idr & 0xFFFF_FFFFL);
    }

    /** {@code GET_GPU_ID(handle)}. */
    public static int gpuId(long handle) {
        return (int) (handle >>> 32);
    }

    /** {@code GET_IDR_HANDLE(handle)}. */
    public static int idr(long handle) {
        return (int) handle;
    }

    /** The handle as {@code 0x100000000}. */
    public static String format(long handle) {
        return "0x" + Long.toHexString(handle);
    }
}
