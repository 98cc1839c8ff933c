package dev.scatterbatch.kvmprobe;

import java.lang.foreign.Arena;
import java.util.Optional;

/**
 * An open {@code /dev/kvm} (the "system" file descriptor of the KVM API): checks the API version and the
 * capabilities the probe needs, and creates VMs. Used from one thread.
 */
final class KvmDevice implements AutoCloseable {

    /** Where the KVM device lives. */
    static final String PATH = "/dev/kvm";

    private final Libc libc;
    private final int fd;
    private final int vcpuMmapSize;

    private KvmDevice(Libc libc, int fd, int vcpuMmapSize) {
        this.libc = libc;
        this.fd = fd;
        this.vcpuMmapSize = vcpuMmapSize;
    }

    /**
     * Opens {@code /dev/kvm} and checks it speaks API version 12 with an in-kernel irqchip, user memory regions
     * and ioeventfds.
     *
     * @throws KvmUnavailableException when it is missing, not accessible or lacks what the probe needs
     */
    static KvmDevice open(Libc libc, Arena arena) {
        return open(libc, arena, PATH);
    }

    /** As {@link #open(Libc, Arena)}, for the KVM device at {@code path}. */
    static KvmDevice open(Libc libc, Arena arena, String path) {
        int fd = libc.open(arena.allocateFrom(path), Libc.O_RDWR | Libc.O_CLOEXEC);
        if (fd < 0) throw new KvmUnavailableException(openFailure(path, libc.errno()));
        try {
            int version = libc.ioctl(fd, KvmApi.KVM_GET_API_VERSION, 0L);
            if (version < 0) {
                throw new KvmUnavailableException(path + " is not a KVM device (KVM_GET_API_VERSION: "
                        + Libc.strerror(libc.errno()) + ")");
            }
            if (version != KvmApi.API_VERSION) {
                throw new KvmUnavailableException(path + " speaks KVM API version " + version + ", not "
                        + KvmApi.API_VERSION + ", so the probe cannot drive it");
            }
            requireCapability(libc, fd, path, KvmApi.CAP_USER_MEMORY, "KVM_CAP_USER_MEMORY");
            requireCapability(libc, fd, path, KvmApi.CAP_IRQCHIP, "KVM_CAP_IRQCHIP");
            requireCapability(libc, fd, path, KvmApi.CAP_IOEVENTFD, "KVM_CAP_IOEVENTFD");
            int size = libc.ioctl(fd, KvmApi.KVM_GET_VCPU_MMAP_SIZE, 0L);
            if (size <= 0) throw KvmException.ofErrno("KVM_GET_VCPU_MMAP_SIZE", libc.errno());
            return new KvmDevice(libc, fd, size);
        } catch (RuntimeException e) {
            libc.close(fd);
            throw e;
        }
    }

    /** Why {@code /dev/kvm} cannot be used here (one sentence), or empty when it opens and creates a VM. */
    static Optional<String> unavailableReason() {
        try (Arena arena = Arena.ofConfined()) {
            Libc libc = new Libc(arena);
            try (KvmDevice kvm = open(libc, arena)) {
                libc.close(kvm.createVm());
            }
            return Optional.empty();
        } catch (KvmUnavailableException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static String openFailure(String path, int errno) {
        String cause = " (open: " + Libc.strerror(errno) + ")";
        return switch (errno) {
            case Libc.ENOENT -> path + " does not exist, so this host offers no KVM" + cause
                    + ": run on a machine with virtualization and the kvm module loaded";
            case Libc.EACCES, Libc.EPERM -> path + " is not accessible to this user" + cause
                    + ": add the user to the kvm group or run as root";
            case Libc.ENXIO, Libc.ENODEV -> path + " exists but no KVM module answers it" + cause
                    + ": load kvm_intel or kvm_amd";
            default -> path + " cannot be opened" + cause;
        };
    }

    private static void requireCapability(Libc libc, int fd, String path, int capability, String name) {
        if (libc.ioctl(fd, KvmApi.KVM_CHECK_EXTENSION, capability) <= 0) {
            throw new KvmUnavailableException(path + " lacks " + name + ", which the probe needs");
        }
    }

    /** The file descriptor, for the {@code KVM_GET_API_VERSION} baseline. */
    int fd() {
        return fd;
    }

    /** Bytes to map of each vCPU fd ({@code struct kvm_run} and what follows it). */
    int vcpuMmapSize() {
        return vcpuMmapSize;
    }

    /**
     * {@code KVM_CREATE_VM}: a new VM's file descriptor.
     *
     * @throws KvmUnavailableException when the kernel refuses (a sandbox that allows opening but not VMs)
     */
    int createVm() {
        int vm = libc.ioctl(fd, KvmApi.KVM_CREATE_VM, 0L);
        if (vm < 0) {
            throw new KvmUnavailableException(PATH + " opens but refuses to create a VM (KVM_CREATE_VM: "
                    + Libc.strerror(libc.errno()) + ")");
        }
        return vm;
    }

    @Override
    public void close() {
        libc.close(fd);
    }
}
