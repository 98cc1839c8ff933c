package dev.scatterbatch.model.uapi;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IoctlCommandTest {

    @Test
    void numbersComputedFromTheIocEncodingMatchTheKernelHeader() {
        assertThat(IoctlCommand.GET_VERSION.number()).isEqualTo(0x80084B01);
        assertThat(IoctlCommand.ALLOC_MEMORY_OF_GPU.number()).isEqualTo(0xC0284B16);
        assertThat(IoctlCommand.FREE_MEMORY_OF_GPU.number()).isEqualTo(0x40084B17);
        assertThat(IoctlCommand.MAP_MEMORY_TO_GPU.number()).isEqualTo(0xC0184B18);
        assertThat(IoctlCommand.UNMAP_MEMORY_FROM_GPU.number()).isEqualTo(0xC0184B19);
        assertThat(IoctlCommand.SVM.number()).isEqualTo(0xC0184B20);
        assertThat(IoctlCommand.AVAILABLE_MEMORY.number()).isEqualTo(0xC0104B23);
        assertThat(IoctlCommand.CREATE_PROCESS.number()).isEqualTo(0x00004B27);
        assertThat(IoctlCommand.ALLOC_MEMORY_OF_GPU_BATCH.number()).isEqualTo(0xC0304B28);
    }

    @Test
    void theProcessQueueAndEventCommandsLayOutTheirStructsAsTheKernelHeader() {
        assertThat(IoctlCommand.CREATE_QUEUE.number()).isEqualTo(0xC0604B02);
        assertThat(IoctlCommand.DESTROY_QUEUE.number()).isEqualTo(0xC0084B03);
        assertThat(IoctlCommand.SET_MEMORY_POLICY.number()).isEqualTo(0x40204B04);
        assertThat(IoctlCommand.GET_CLOCK_COUNTERS.number()).isEqualTo(0xC0284B05);
        assertThat(IoctlCommand.GET_PROCESS_APERTURES.number()).isEqualTo(0x81904B06);
        assertThat(IoctlCommand.UPDATE_QUEUE.number()).isEqualTo(0x40184B07);
        assertThat(IoctlCommand.CREATE_EVENT.number()).isEqualTo(0xC0204B08);
        assertThat(IoctlCommand.DESTROY_EVENT.number()).isEqualTo(0x40084B09);
        assertThat(IoctlCommand.SET_EVENT.number()).isEqualTo(0x40084B0A);
        assertThat(IoctlCommand.RESET_EVENT.number()).isEqualTo(0x40084B0B);
        assertThat(IoctlCommand.WAIT_EVENTS.number()).isEqualTo(0xC0184B0C);
        assertThat(IoctlCommand.GET_TILE_CONFIG.number()).isEqualTo(0xC0284B12);
        assertThat(IoctlCommand.SET_TRAP_HANDLER.number()).isEqualTo(0x40184B13);
        assertThat(IoctlCommand.GET_PROCESS_APERTURES_NEW.number()).isEqualTo(0xC0104B14);
        assertThat(IoctlCommand.ACQUIRE_VM.number()).isEqualTo(0x40084B15);
        assertThat(IoctlCommand.SET_XNACK_MODE.number()).isEqualTo(0xC0044B21);
        assertThat(IoctlCommand.RUNTIME_ENABLE.number()).isEqualTo(0xC0104B25);
        assertThat(KfdIoctlLayouts.CREATE_QUEUE.field("sdma_engine_id").offset()).isEqualTo(88);
        assertThat(KfdIoctlLayouts.CREATE_QUEUE.field("queue_id").offset()).isEqualTo(52);
        assertThat(KfdIoctlLayouts.WAIT_EVENTS.field("wait_result").offset()).isEqualTo(20);
        assertThat(KfdIoctlLayouts.CREATE_EVENT.field("event_slot_index").offset()).isEqualTo(28);
    }

    @Test
    void commandsAreFoundByTheirKernelNameWithOrWithoutThePrefix() {
        assertThat(IoctlCommand.byName("AMDKFD_IOC_WAIT_EVENTS")).contains(IoctlCommand.WAIT_EVENTS);
        assertThat(IoctlCommand.byName("create_queue")).contains(IoctlCommand.CREATE_QUEUE);
        assertThat(IoctlCommand.byName("AMDKFD_IOC_DBG_TRAP")).isEmpty();
    }

    @Test
    void aStructReadsAndWritesFieldsByNameWithTheirCTypes() {
        KfdIoctlStruct s = KfdIoctlStruct.zeroed(KfdIoctlLayouts.SET_XNACK_MODE).set("xnack_enabled", -1);
        assertThat(s.get("xnack_enabled")).isEqualTo(-1);
        KfdIoctlStruct q = KfdIoctlStruct.zeroed(KfdIoctlLayouts.CREATE_QUEUE).set("ring_size", 0xFFFFFFFFL);
        assertThat(q.get("ring_size")).isEqualTo(0xFFFFFFFFL);
        assertThat(q.encode()).hasSize(96);
    }

    @Test
    void encodedSizesAreTheStructSizes() {
        assertThat(IoctlCommand.sizeOf(IoctlCommand.ALLOC_MEMORY_OF_GPU.number())).isEqualTo(40);
        assertThat(IoctlCommand.sizeOf(IoctlCommand.ALLOC_MEMORY_OF_GPU_BATCH.number())).isEqualTo(48);
        assertThat(new AllocMemoryOfGpuArgs(0, 0, 0, 0, 0, 0).encode()).hasSize(40);
        assertThat(AllocMemoryOfGpuBatchArgs.request(1, 0, 0, 0, 0, 0).encode()).hasSize(48);
        assertThat(new MapMemoryToGpuArgs(0, 0, 0, 0).encode()).hasSize(24);
        assertThat(new FreeMemoryOfGpuArgs(0).encode()).hasSize(8);
    }

    @Test
    void decodingANumberGivesBackItsFields() {
        int cmd = IoctlCommand.MAP_MEMORY_TO_GPU.number();
        assertThat(IoctlCommand.nrOf(cmd)).isEqualTo(0x18);
        assertThat(IoctlCommand.typeOf(cmd)).isEqualTo('K');
        assertThat(IoctlCommand.directionOf(cmd)).isEqualTo(IoctlDirection.READ_WRITE);
        assertThat(IoctlCommand.directionOf(IoctlCommand.FREE_MEMORY_OF_GPU.number()).copiesOut()).isFalse();
        assertThat(IoctlCommand.directionOf(IoctlCommand.GET_VERSION.number()).copiesIn()).isFalse();
    }

    @Test
    void commandsAreFoundByNrWithinTheModelledKernelsRange() {
        assertThat(IoctlCommand.byNr(0x28)).contains(IoctlCommand.ALLOC_MEMORY_OF_GPU_BATCH);
        assertThat(IoctlCommand.byNr(0x02)).contains(IoctlCommand.CREATE_QUEUE);
        assertThat(IoctlCommand.byNr(0x11)).isEmpty();
        assertThat(IoctlCommand.COMMAND_END).isEqualTo(0x29);
        assertThat(IoctlCommand.ALLOC_MEMORY_OF_GPU.kernelName()).isEqualTo("AMDKFD_IOC_ALLOC_MEMORY_OF_GPU");
    }
}
