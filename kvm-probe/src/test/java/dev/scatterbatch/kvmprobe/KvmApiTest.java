package dev.scatterbatch.kvmprobe;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KvmApiTest {

    @Test
    void structSizesMatchTheKernelHeader() {
        assertThat(KvmApi.USERSPACE_MEMORY_REGION.byteSize()).isEqualTo(32);
        assertThat(KvmApi.REGS.byteSize()).isEqualTo(144);
        assertThat(KvmApi.SEGMENT.byteSize()).isEqualTo(24);
        assertThat(KvmApi.DTABLE.byteSize()).isEqualTo(16);
        assertThat(KvmApi.SREGS.byteSize()).isEqualTo(312);
        assertThat(KvmApi.IOEVENTFD.byteSize()).isEqualTo(64);
    }

    @Test
    void requestCodesDerivedFromLayoutsMatchLinuxKvmH() {
        assertThat(KvmApi.KVM_GET_API_VERSION).isEqualTo(0xAE00L);
        assertThat(KvmApi.KVM_CREATE_VM).isEqualTo(0xAE01L);
        assertThat(KvmApi.KVM_CHECK_EXTENSION).isEqualTo(0xAE03L);
        assertThat(KvmApi.KVM_GET_VCPU_MMAP_SIZE).isEqualTo(0xAE04L);
        assertThat(KvmApi.KVM_CREATE_VCPU).isEqualTo(0xAE41L);
        assertThat(KvmApi.KVM_SET_USER_MEMORY_REGION).isEqualTo(0x4020AE46L);
        assertThat(KvmApi.KVM_CREATE_IRQCHIP).isEqualTo(0xAE60L);
        assertThat(KvmApi.KVM_IOEVENTFD).isEqualTo(0x4040AE79L);
        assertThat(KvmApi.KVM_RUN).isEqualTo(0xAE80L);
        assertThat(KvmApi.KVM_GET_REGS).isEqualTo(0x8090AE81L);
        assertThat(KvmApi.KVM_SET_REGS).isEqualTo(0x4090AE82L);
        assertThat(KvmApi.KVM_GET_SREGS).isEqualTo(0x8138AE83L);
        assertThat(KvmApi.KVM_SET_SREGS).isEqualTo(0x4138AE84L);
    }

    @Test
    void requestCodesArePositiveSoNoSignExtensionReachesTheKernel() {
        assertThat(KvmApi.KVM_GET_SREGS).isPositive().isLessThan(1L << 32);
    }

    @Test
    void iocRefusesAnArgumentTooLargeForFourteenBits() {
        assertThatThrownBy(() -> KvmApi.ioc(KvmApi.IOC_WRITE, KvmApi.KVMIO, 1, 1 << 14))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("14 bits");
    }

    @Test
    void kvmRunExitFieldsSitWhereTheHeaderPutsThem() {
        // struct kvm_run: the exit union starts at 32; io is {u8 direction, u8 size, u16 port, ...},
        // mmio is {u64 phys_addr, u8 data[8], u32 len, u8 is_write}.
        assertThat(KvmApi.RUN_IO_PORT).isEqualTo(34);
        assertThat(KvmApi.RUN_MMIO_IS_WRITE).isEqualTo(52);
    }
}
