package dev.scatterbatch.host.kfd;

/**
 * {@code struct kfd_process_device} (pdd): the process on one device, with its BO handle idr and its GPU VM.
 */
final class KfdProcessDevice {

    final KfdNode node;
    final KfdNodeProperties properties;
    final Idr<KgdMem> allocIdr;
    final GpuVm vm = new GpuVm();
    /** {@code pdd->process->kgd_process_info}: the userptr lists and restore worker of the process. */
    final AmdkfdProcessInfo processInfo;
    /** Whether the process acquired the device's VM ({@code pdd->drm_priv != NULL}); ACQUIRE_VM sets it. */
    boolean vmAcquired;
    /** The render-node descriptor the VM was acquired through ({@code pdd->drm_file}), -1 for none. */
    int drmFd = -1;
    long vramUsage;

    KfdProcessDevice(KfdNode node, KfdNodeProperties properties, AmdkfdProcessInfo processInfo, boolean vmAcquired,
                     int idrEnd) {
        this.node = node;
        this.processInfo = processInfo;
        this.properties = properties;
        this.vmAcquired = vmAcquired;
        this.allocIdr = new Idr<>(idrEnd);
    }

    int gpuId() {
        return node.gpuId();
    }
}
