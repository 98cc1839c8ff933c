package dev.scatterbatch.model.cost;

/** How the guest's virtqueue notification reaches the VMM. */
public enum KickPath implements ProfileEnum {
    /** A kernel-handled exit signals an ioeventfd; a VMM thread wakes up for the request ({@code kickExit + vmmWakeup}). */
    IOEVENTFD("ioeventfd"),
    /** The notify exits to the VMM in user space and the vCPU thread handles it itself ({@code vmExitUser}, no wake-up). */
    VMM_EXIT("vmm-exit");

    private final String key;

    KickPath(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }
}
