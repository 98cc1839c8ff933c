package dev.scatterbatch.model.cost;

/** How the host writes a VM's page tables ({@code vm->use_cpu_for_update}). */
public enum PtUpdatePath implements ProfileEnum {
    /** The caller's thread writes the PTEs through the kmapped page-table BO: no device queue (large-BAR compute VMs, {@code amdgpu_vm_cpu.c}). */
    CPU("cpu"),
    /** The update is a job on the device's SDMA rings, shared by every VM on the GPU ({@code amdgpu_vm_sdma.c}). */
    SDMA("sdma");

    private final String key;

    PtUpdatePath(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }
}
