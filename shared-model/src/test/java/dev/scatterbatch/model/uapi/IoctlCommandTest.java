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
        assertThat(IoctlCommand.byNr(0x02)).isEmpty();
        assertThat(IoctlCommand.COMMAND_END).isEqualTo(0x29);
        assertThat(IoctlCommand.ALLOC_MEMORY_OF_GPU.kernelName()).isEqualTo("AMDKFD_IOC_ALLOC_MEMORY_OF_GPU");
    }
}
