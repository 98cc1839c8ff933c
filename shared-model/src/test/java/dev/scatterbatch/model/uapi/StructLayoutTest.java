package dev.scatterbatch.model.uapi;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StructLayoutTest {

    @Test
    void allocArgsPutGpuIdAtOffset32AndFlagsAt36() {
        var args = new AllocMemoryOfGpuArgs(0x1000, 0x2000, 0x3000, 0x4000, 7, AllocFlags.LIBHSAKMT_USERPTR);
        ByteBuffer b = ByteBuffer.wrap(args.encode()).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getLong(24)).isEqualTo(0x4000);
        assertThat(b.getInt(32)).isEqualTo(7);
        assertThat(b.getInt(36)).isEqualTo(0xD0000004);
        assertThat(AllocMemoryOfGpuArgs.decode(args.encode())).isEqualTo(args);
    }

    @Test
    void batchArgsPutRangesPtrAt24AndFlagsAt40() {
        var args = new AllocMemoryOfGpuBatchArgs(1, 2, 3, 0x7000, 4000, 9, AllocFlags.USERPTR, 0);
        ByteBuffer b = ByteBuffer.wrap(args.encode()).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getLong(24)).isEqualTo(0x7000);
        assertThat(b.getInt(32)).isEqualTo(4000);
        assertThat(b.getInt(36)).isEqualTo(9);
        assertThat(b.getInt(40)).isEqualTo(AllocFlags.USERPTR);
        assertThat(AllocMemoryOfGpuBatchArgs.decode(args.encode())).isEqualTo(args);
    }

    @Test
    void otherStructsRoundTrip() {
        var map = new MapMemoryToGpuArgs(KfdHandle.make(1, 3), 0x9000, 2, 1);
        assertThat(MapMemoryToGpuArgs.decode(map.encode())).isEqualTo(map);
        assertThat(FreeMemoryOfGpuArgs.decode(new FreeMemoryOfGpuArgs(5).encode())).isEqualTo(new FreeMemoryOfGpuArgs(5));
        assertThat(GetVersionArgs.decode(GetVersionArgs.MODELLED_KERNEL.encode())).isEqualTo(GetVersionArgs.MODELLED_KERNEL);
        var avail = new AvailableMemoryArgs(123, 1, 0);
        assertThat(AvailableMemoryArgs.decode(avail.encode())).isEqualTo(avail);
        var svm = new SvmArgs(0x1000, 0x2000, SvmArgs.OP_SET_ATTR, 0);
        assertThat(SvmArgs.decode(svm.encode())).isEqualTo(svm);
    }

    @Test
    void rangesDataIsAnEightByteHeaderFollowedByTheRanges() {
        var data = UserptrRangesData.of(List.of(new UserptrRange(0x1000, 0x2000), new UserptrRange(0x5000, 0x1000)));
        byte[] bytes = data.encode();
        assertThat(bytes).hasSize(8 + 32);
        assertThat(UserptrRangesData.decodeHeader(Arrays.copyOf(bytes, 8))).containsExactly(2, 0);
        assertThat(UserptrRange.decodeArray(Arrays.copyOfRange(bytes, 8, 40))).isEqualTo(data.ranges());
    }

    @Test
    void handlesPutTheGpuIdInTheHigh32Bits() {
        long h = KfdHandle.make(1, 0);
        assertThat(h).isEqualTo(0x100000000L);
        assertThat(KfdHandle.format(KfdHandle.make(0xABCD, 5))).isEqualTo("0xabcd00000005");
        assertThat(KfdHandle.gpuId(KfdHandle.make(0xFFFFFFFF, 1))).isEqualTo(0xFFFFFFFF);
        assertThat(KfdHandle.idr(h | 7)).isEqualTo(7);
    }
}
