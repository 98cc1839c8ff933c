package dev.scatterbatch.kvmprobe;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the probe's guest programs on a real vCPU and counts the {@code KVM_RUN} returns: each program exits to
 * user space exactly where its code says, and the in-kernel traps of a batch never do. Needs {@code /dev/kvm}
 * (CI has one); the guest runs at CPL 3, which every host runs natively.
 */
class KvmGuestExitsTest {

    private static final int BATCH = 50;

    private Arena arena;
    private Libc libc;
    private KvmDevice kvm;
    private KvmVm vm;

    @BeforeAll
    static void kvmIsUsable() {
        String why = KvmProber.unavailableReason().orElse(null);
        assumeTrue(why == null, () -> "no usable /dev/kvm here (CI has one): " + why);
    }

    @BeforeEach
    void createVm() {
        arena = Arena.ofConfined();
        libc = new Libc(arena);
        kvm = KvmDevice.open(libc, arena);
        vm = KvmVm.create(kvm, libc, arena, GuestMode.LM3);
    }

    @AfterEach
    void close() {
        vm.close();
        kvm.close();
        arena.close();
    }

    @Test
    void aPortExitReturnsFromKvmRunOncePerOutToTheExitPort() {
        vm.start(GuestPrograms.portExit());
        long before = vm.vcpu().exitsToUserSpace();
        for (int i = 0; i < 5; i++) assertThat(vm.vcpu().runUntilPortOut()).isEqualTo(GuestPrograms.EXIT_PORT);
        assertThat(vm.vcpu().exitsToUserSpace() - before).isEqualTo(5);
    }

    @Test
    void anMmioExitReturnsAsAWriteToItsAddress() {
        vm.start(GuestPrograms.mmioExit(KvmVm.MMIO_EXIT_GPA));
        long before = vm.vcpu().exitsToUserSpace();
        for (int i = 0; i < 3; i++) vm.vcpu().runUntilMmioWrite(KvmVm.MMIO_EXIT_GPA);
        assertThat(vm.vcpu().exitsToUserSpace() - before).isEqualTo(3);
    }

    @Test
    void aBatchOfInKernelPicReadsReturnsOnceAtTheBatchEnd() {
        vm.start(GuestPrograms.picReads(BATCH));
        long before = vm.vcpu().exitsToUserSpace();
        vm.vcpu().runUntilOut(GuestPrograms.EXIT_PORT);
        vm.vcpu().runUntilOut(GuestPrograms.EXIT_PORT);
        assertThat(vm.vcpu().exitsToUserSpace() - before).as("KVM_RUN returns for two batches").isEqualTo(2);
    }

    @Test
    void aBatchOfIoeventfdKicksSignalsTheEventfdOncePerKickAndReturnsOnce() {
        int pio = vm.pioEventfd(arena, GuestPrograms.KICK_PORT, 1);
        vm.start(GuestPrograms.pioKicks(BATCH));
        long before = vm.vcpu().exitsToUserSpace();
        vm.vcpu().runUntilOut(GuestPrograms.EXIT_PORT);
        assertThat(vm.vcpu().exitsToUserSpace() - before).isEqualTo(1);
        assertThat(eventfdCount(pio)).as("kicks the kernel counted on the eventfd").isEqualTo(BATCH);

        int mmio = vm.mmioEventfd(arena, KvmVm.MMIO_KICK_GPA, 4);
        vm.start(GuestPrograms.mmioKicks(BATCH, KvmVm.MMIO_KICK_GPA));
        vm.vcpu().runUntilOut(GuestPrograms.EXIT_PORT);
        assertThat(vm.vcpu().exitsToUserSpace() - before).isEqualTo(2);
        assertThat(eventfdCount(mmio)).isEqualTo(BATCH);
    }

    @Test
    void aKickWithoutAnIoeventfdIsAnExitToUserSpaceTheProbeNames() {
        vm.start(GuestPrograms.pioKicks(BATCH));
        assertThatThrownBy(() -> vm.vcpu().runUntilOut(GuestPrograms.EXIT_PORT))
                .isInstanceOf(KvmException.class)
                .hasMessage("the guest wrote to port 0x%x where the probe expected 0x%x", GuestPrograms.KICK_PORT, GuestPrograms.EXIT_PORT);
        assertThat(vm.vcpu().exitsToUserSpace()).isEqualTo(1);
    }

    @Test
    void everyKickToTheBackendIsAcknowledgedAndTheBatchReturnsOnce() {
        int efd = vm.pioEventfd(arena, GuestPrograms.BACKEND_KICK_PORT, 1);
        MemorySegment ack = vm.memory().asSlice(KvmVm.ACK_WORD, 4);
        try (EventfdBackend backend = new EventfdBackend(efd, ack, -1, libc, arena)) {
            vm.start(GuestPrograms.kickAndWaitForAck(BATCH, KvmVm.ACK_WORD));
            assertThat(vm.vcpu().runUntilPortOut()).as("backend: %s", backend.failure()).isEqualTo(GuestPrograms.EXIT_PORT);
            assertThat(vm.vcpu().runUntilPortOut()).isEqualTo(GuestPrograms.EXIT_PORT);
        }
        assertThat(vm.vcpu().exitsToUserSpace()).isEqualTo(2);
        assertThat(ack.get(JAVA_INT, 0)).as("acknowledged kicks").isEqualTo(2 * BATCH);
    }

    /** The eventfd's counter (read resets it). */
    private long eventfdCount(int efd) {
        MemorySegment buffer = arena.allocate(JAVA_LONG);
        assertThat(libc.read(efd, buffer, 8)).isEqualTo(8);
        return buffer.get(JAVA_LONG, 0);
    }
}
