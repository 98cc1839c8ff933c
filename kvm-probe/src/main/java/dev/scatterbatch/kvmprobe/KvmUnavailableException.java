package dev.scatterbatch.kvmprobe;

/**
 * {@code /dev/kvm} is missing, not accessible to this user, or refuses to create a VM: the probe cannot run on
 * this host. The message is one sentence saying which and what to do about it.
 */
public final class KvmUnavailableException extends KvmException {

    /** Why KVM cannot be used here. */
    public KvmUnavailableException(String message) {
        super(message);
    }
}
