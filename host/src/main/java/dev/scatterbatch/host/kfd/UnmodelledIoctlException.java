package dev.scatterbatch.host.kfd;

/**
 * An ioctl the modelled kernel has but whose handler the model does not implement would run (the kernel's answer
 * is not known to the model).
 */
public final class UnmodelledIoctlException extends RuntimeException {

    /** The command {@code name} (nr {@code nr}) reached a handler the model lacks. */
    public UnmodelledIoctlException(String name, int nr) {
        super(name + " (nr 0x" + Integer.toHexString(nr) + ") would run its handler, which the model does not implement");
    }
}
