package dev.scatterbatch.model.wire;

/**
 * Event-bus addresses. Each simulated world (one scenario's guests and host) has its own id, so worlds run side
 * by side on one bus.
 */
public final class Addresses {

    private Addresses() {
    }

    /** The host kernel (KFD, mm, GPU) of a world. */
    public static String hostGpu(String world) {
        return "scatterbatch." + world + ".host.gpu";
    }

    /** Guest {@code guest} of a world. */
    public static String guest(String world, int guest) {
        return "scatterbatch." + world + ".guest." + guest;
    }

    /** The hypervisor of a world: a message here runs the world and answers when it is done. */
    public static String hypervisor(String world) {
        return "scatterbatch." + world + ".hypervisor";
    }
}
