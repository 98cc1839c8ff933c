package dev.scatterbatch.model.uapi;

/** {@link UserMemory#none()}: one shared instance, since nothing can be placed in it. */
final class NoUserMemory implements UserMemory {

    static final NoUserMemory INSTANCE = new NoUserMemory();

    private static final byte[] EMPTY = new byte[0];

    private NoUserMemory() {
    }

    @Override
    public byte[] copyFromUser(long address, long length) {
        return length == 0 ? EMPTY : null;
    }

    @Override
    public boolean copyToUser(long address, byte[] bytes) {
        return bytes.length == 0;
    }
}
