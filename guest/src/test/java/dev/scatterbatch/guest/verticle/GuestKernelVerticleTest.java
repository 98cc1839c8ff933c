package dev.scatterbatch.guest.verticle;

import dev.scatterbatch.bus.Codecs;
import dev.scatterbatch.guest.bench.BenchmarkApp;
import dev.scatterbatch.guest.memory.GuestPhysicalAllocator;
import dev.scatterbatch.guest.workload.WorkloadLoader;
import dev.scatterbatch.model.uapi.Errno;
import dev.scatterbatch.model.wire.Addresses;
import dev.scatterbatch.model.wire.GuestCompletion;
import dev.scatterbatch.model.wire.GuestRequest;
import dev.scatterbatch.model.wire.GuestStart;
import dev.scatterbatch.model.wire.UserptrOp;
import dev.scatterbatch.model.wire.UserptrRequest;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(VertxExtension.class)
class GuestKernelVerticleTest {

    @BeforeEach
    void deploy(Vertx vertx) {
        Codecs.registerAll(vertx.eventBus());
        var w = WorkloadLoader.load("seed-opencl");
        BenchmarkApp app = BenchmarkApp.inGuest(0, w, 1, new GuestPhysicalAllocator(w.guestMemoryBytes(), w.hugePagePoolBytes()),
                new SplittableRandom(1), () -> false);
        vertx.deployVerticle(new GuestKernelVerticle("t", 0, app)).await();
    }

    @Test
    void answersStartWithItsFirstRequestAndEachCompletionWithTheNext(Vertx vertx) {
        GuestRequest first = vertx.eventBus().<GuestRequest>request(Addresses.guest("t", 0), new GuestStart(0)).await().body();
        assertThat(first).isInstanceOfSatisfying(UserptrRequest.class, u -> {
            assertThat(u.op()).isEqualTo(UserptrOp.REGISTER);
            assertThat(u.runs()).hasSize(500);
        });
        GuestRequest second = vertx.eventBus().<GuestRequest>request(Addresses.guest("t", 0),
                new GuestCompletion(0, first.sequence(), 1_000, 0, null)).await().body();
        assertThat(second).isInstanceOfSatisfying(UserptrRequest.class, u -> assertThat(u.op()).isEqualTo(UserptrOp.MAP));
        assertThat(second.issuedAtNs()).isEqualTo(1_000);
    }

    @Test
    void aMessageItCannotAcceptFailsWithEinvalAndChangesNothing(Vertx vertx) {
        assertThatThrownBy(() -> vertx.eventBus().request(Addresses.guest("t", 0), new GuestStart(7)).await())
                .isInstanceOfSatisfying(ReplyException.class, e -> assertThat(e.failureCode()).isEqualTo(Errno.EINVAL.number()));
        GuestRequest first = vertx.eventBus().<GuestRequest>request(Addresses.guest("t", 0), new GuestStart(0)).await().body();
        assertThatThrownBy(() -> vertx.eventBus().request(Addresses.guest("t", 0),
                new GuestCompletion(0, first.sequence() + 5, 10, 0, null)).await())
                .isInstanceOfSatisfying(ReplyException.class, e -> {
                    assertThat(e.failureCode()).isEqualTo(Errno.EINVAL.number());
                    assertThat(e.getMessage()).startsWith("guest 0 cannot accept GuestCompletion");
                });
        GuestRequest second = vertx.eventBus().<GuestRequest>request(Addresses.guest("t", 0),
                new GuestCompletion(0, first.sequence(), 1_000, 0, null)).await().body();
        assertThat(second).isInstanceOfSatisfying(UserptrRequest.class, u -> assertThat(u.op()).isEqualTo(UserptrOp.MAP));
    }
}
