package dev.scatterbatch.bus;

import dev.scatterbatch.model.uapi.Errno;
import dev.scatterbatch.model.wire.ChargedReply;
import dev.scatterbatch.model.wire.ComputeRequest;
import dev.scatterbatch.model.wire.GpaRun;
import dev.scatterbatch.model.wire.GuestCompletion;
import dev.scatterbatch.model.wire.GuestFinished;
import dev.scatterbatch.model.wire.GuestRequest;
import dev.scatterbatch.model.wire.GuestStart;
import dev.scatterbatch.model.wire.HostCommand;
import dev.scatterbatch.model.wire.HostEvent;
import dev.scatterbatch.model.wire.HostIoctl;
import dev.scatterbatch.model.wire.HostReply;
import dev.scatterbatch.model.wire.RestoreResult;
import dev.scatterbatch.model.wire.RunWorld;
import dev.scatterbatch.model.wire.UserptrOp;
import dev.scatterbatch.model.wire.UserptrRequest;
import dev.scatterbatch.model.wire.WorldProgress;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every message record survives the wire codec (a clustered bus) and is passed by reference locally. */
class RecordCodecTest {

    static Stream<Object> messages() {
        return Stream.of(
                new UserptrRequest(1, 7, 123_456, 3, UserptrOp.REGISTER, 9, UserptrRequest.WHOLE_BUFFER, 0, 65536,
                        List.of(new GpaRun(0x1000, 0x8000), new GpaRun(0x20000, 0x8000)), false),
                new ComputeRequest(0, 8, 42, 0, 42_898_000),
                new GuestFinished(2, 9, 1_000, GuestRequest.TEARDOWN, "guest 2 cannot allocate"),
                new GuestStart(3),
                new GuestCompletion(1, 7, 200_000, -12, "host ALLOC answered ENOMEM"),
                new HostCommand.CreateProcess(0, 0, 256L << 30, List.of(1), 0x7f00_0000_0000L, 16L << 30),
                new HostCommand.AdvanceHost(5),
                new HostCommand.SubmitCompute(0, 5, 1, 1000),
                new HostCommand.Mremap(0, 5, 0x1000, 0x2000, 0x9000),
                new HostIoctl.AllocUserptrBatch(0, 5, 1, 0x1_0000_0000L, List.of(new HostIoctl.CpuRange(0x7f00_0000_0000L, 4096)), 0xD0000004),
                new HostIoctl.MapToGpu(0, 5, 0x1_0000_0000L, List.of(1)),
                new RunWorld(Long.MAX_VALUE),
                new WorldProgress(77, true));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    @ParameterizedTest
    @MethodSource("messages")
    void wireRoundTripGivesAnEqualRecord(Object message) {
        Class<?> family = message instanceof GuestRequest ? GuestRequest.class
                : message instanceof HostCommand ? HostCommand.class : message.getClass();
        RecordCodec codec = new RecordCodec(message.getClass(), family);
        Buffer wire = Buffer.buffer().appendString("prefix");
        codec.encodeToWire(wire, message);
        assertThat(codec.decodeFromWire("prefix".length(), wire)).isEqualTo(message);
        assertThat(codec.transform(message)).isSameAs(message);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    @Test
    void hostRepliesKeepTheirCostsAndEvents() {
        HostReply reply = new HostReply(-22, "EINVAL", 0x1_0000_0002L,
                List.of(new HostEvent.ComputeDone(0, 10, 1, 5, 3, 2), new HostEvent.RestoreFinished(0, 9, RestoreResult.retry(Errno.ENOMEM))), 99);
        RecordCodec codec = new RecordCodec(ChargedReply.class, ChargedReply.class);
        Buffer wire = Buffer.buffer();
        codec.encodeToWire(wire, new ChargedReply(reply, new long[]{1, 2, 3}));
        ChargedReply back = (ChargedReply) codec.decodeFromWire(0, wire);
        assertThat(back.reply()).isEqualTo(reply);
        assertThat(back.costNs()).containsExactly(1, 2, 3);
        assertThat(back.reply().events()).isEqualTo(reply.events());
    }
}
