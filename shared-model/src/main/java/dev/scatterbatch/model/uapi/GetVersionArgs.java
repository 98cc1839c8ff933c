package dev.scatterbatch.model.uapi;

import java.nio.ByteBuffer;

/**
 * {@code struct kfd_ioctl_get_version_args} (8 bytes).
 *
 * @param majorVersion {@code KFD_IOCTL_MAJOR_VERSION} (from KFD)
 * @param minorVersion {@code KFD_IOCTL_MINOR_VERSION} (from KFD)
 */
public record GetVersionArgs(int majorVersion, int minorVersion) implements KfdIoctlArgs {

    /** {@code sizeof(struct kfd_ioctl_get_version_args)}. */
    public static final int SIZE = 8;
    /** The version the modelled kernel reports: 1.18 (no batch version bumps it). */
    public static final GetVersionArgs MODELLED_KERNEL = new GetVersionArgs(1, 18);

    @Override
    public byte[] encode() {
        return KfdIoctlArgs.newStruct(SIZE).putInt(majorVersion).putInt(minorVersion).array();
    }

    /** Decodes the struct from its 8 bytes. */
    public static GetVersionArgs decode(byte[] bytes) {
        ByteBuffer b = KfdIoctlArgs.struct(bytes, SIZE, "kfd_ioctl_get_version_args");
        return new GetVersionArgs(b.getInt(), b.getInt());
    }
}
