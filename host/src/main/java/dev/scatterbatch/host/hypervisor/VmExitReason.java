package dev.scatterbatch.host.hypervisor;

/** Why a forwarded request left guest mode: the {@code reason} tag of {@code scatterbatch_vm_exits_total}. */
public enum VmExitReason {
    /** The virtqueue kick, handled in the kernel by signalling an ioeventfd. */
    IOEVENTFD_KICK("ioeventfd-kick"),
    /** The virtqueue kick exiting to the VMM in user space. */
    VMM_EXIT("vmm-exit");

    private final String key;

    VmExitReason(String key) {
        this.key = key;
    }

    /** The tag value. */
    public String key() {
        return key;
    }
}
