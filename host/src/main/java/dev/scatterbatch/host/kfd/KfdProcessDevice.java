package dev.scatterbatch.host.kfd;

/**
 * {@code struct kfd_process_device} (pdd): the process on one device, with its BO handle idr and its GPU VM.
 */
final class KfdProcessDevice {

    final KfdNode node;
    final Idr<KgdMem> allocIdr;
    final GpuVm vm = new GpuVm();
    /** Whether the process acquired the device's VM ({@code pdd->drm_priv != NULL}). */
    final boolean vmAcquired;
    long vramUsage;

    KfdProcessDevice(KfdNode node, boolean vmAcquired, int idrEnd) {
        this.node = node;
        this.vmAcquired = vmAcquired;
        this.allocIdr = new Idr<>(idrEnd);
    }

    int gpuId() {
        return node.gpuId();
    }
}
