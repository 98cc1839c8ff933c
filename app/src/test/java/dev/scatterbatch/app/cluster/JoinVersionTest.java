package dev.scatterbatch.app.cluster;

import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A member of another wire version is refused when it joins, in one sentence naming both versions. */
class JoinVersionTest {

    @Test
    void aHostRefusesAGuestOfAnotherWireVersionAndAGuestIdOutOfRange() {
        String name = MemberProcess.uniqueClusterName("version");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (ClusterNode host = ClusterNode.start(new ClusterNode.Settings(name, "127.0.0.1", 0, 0, List.of()));
             ClusterNode guest = ClusterNode.start(new ClusterNode.Settings(name, "127.0.0.1", 0, 0, List.of(host.address())))) {
            GuestHosting.listen(host, 2, new PrintStream(log, true));

            ReplyException wrongVersion = join(guest, new JsonObject().put("version", ClusterProtocol.VERSION + 1).put("type", "join")
                    .put("guestId", 0).put("id", guest.id()).put("address", guest.address()));
            assertThat(wrongVersion.failureCode()).isEqualTo(ClusterProtocol.REFUSED);
            assertThat(wrongVersion.getMessage()).isEqualTo("guest 0 at " + guest.address() + " speaks scatterbatch wire version "
                    + (ClusterProtocol.VERSION + 1) + " and this member speaks version " + ClusterProtocol.VERSION
                    + ": run the same scatterbatch release on every member");

            ReplyException outOfRange = join(guest, ClusterProtocol.message("join").put("guestId", 2).put("id", guest.id())
                    .put("address", guest.address()));
            assertThat(outOfRange.getMessage()).endsWith("this host runs guests 0 to 1");
            assertThat(log.toString()).contains("host: refused guest 0 at " + guest.address() + " speaks scatterbatch wire version");
        }
    }

    private static ReplyException join(ClusterNode guest, JsonObject hello) {
        ReplyException e = catchThrowableOfType(ReplyException.class, () -> guest.vertx().eventBus()
                .request(ClusterProtocol.Addresses.HOST_JOIN, hello, new DeliveryOptions().setSendTimeout(60_000)).await());
        assertThat(e.failureType()).isEqualTo(ReplyFailure.RECIPIENT_FAILURE);
        return e;
    }

    @Test
    void aMessageWithoutAVersionOrOfAnotherTypeIsRefused() {
        assertThat(ClusterProtocol.refusal(new JsonObject().put("type", "join"), "join", "worker w"))
                .isEqualTo("worker w speaks scatterbatch wire version null and this member speaks version " + ClusterProtocol.VERSION
                        + ": run the same scatterbatch release on every member");
        assertThat(ClusterProtocol.refusal(ClusterProtocol.message("world"), "join", "worker w"))
                .isEqualTo("worker w sent a world message where a join was expected");
        assertThat(ClusterProtocol.refusal(ClusterProtocol.message("join"), "join", "worker w")).isNull();
    }
}
