package dev.scatterbatch.kvmprobe;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KvmDeviceTest {

    @Test
    void aMissingDeviceIsUnavailableWithOneSentenceSayingSo() {
        try (Arena arena = Arena.ofConfined()) {
            assertThatThrownBy(() -> KvmDevice.open(new Libc(arena), arena, "/nonexistent/kvm"))
                    .isInstanceOf(KvmUnavailableException.class)
                    .hasMessage("/nonexistent/kvm does not exist, so this host offers no KVM (open: No such file or directory): "
                            + "run on a machine with virtualization and the kvm module loaded");
        }
    }

    @Test
    void aDeviceThatIsNotKvmIsRefused() {
        try (Arena arena = Arena.ofConfined()) {
            // /dev/null opens, but KVM_GET_API_VERSION fails on it
            assertThatThrownBy(() -> KvmDevice.open(new Libc(arena), arena, "/dev/null"))
                    .isInstanceOf(KvmUnavailableException.class)
                    .hasMessage("/dev/null is not a KVM device (KVM_GET_API_VERSION: Inappropriate ioctl for device)");
        }
    }
}
