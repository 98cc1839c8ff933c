package dev.scatterbatch.host.verticle;

import dev.scatterbatch.bus.Codecs;
import dev.scatterbatch.host.HostKernel;
import dev.scatterbatch.host.hypervisor.GuestPort;
import dev.scatterbatch.host.hypervisor.SimulationObserver;
import dev.scatterbatch.host.hypervisor.VirtualTimeScheduler;
import dev.scatterbatch.host.hypervisor.Vmm;
import dev.scatterbatch.host.pressure.MemoryPressure;
import dev.scatterbatch.model.cost.Component;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.scenario.Scenario;
import dev.scatterbatch.model.sim.RandomStreams;
import dev.scatterbatch.model.uapi.AllocFlags;
import dev.scatterbatch.model.uapi.Errno;
import dev.scatterbatch.model.wire.Addresses;
import dev.scatterbatch.model.wire.ChargedReply;
import dev.scatterbatch.model.wire.GuestCompletion;
import dev.scatterbatch.model.wire.GuestFinished;
import dev.scatterbatch.model.wire.GuestRequest;
import dev.scatterbatch.model.wire.HostCommand;
import dev.scatterbatch.model.wire.HostIoctl;
import dev.scatterbatch.model.wire.HostReply;
import dev.scatterbatch.model.wire.RunWorld;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(VertxExtension.class)
class HostVerticlesTest {

    @BeforeEach
    void codecs(Vertx vertx) {
        Codecs.registerAll(vertx.eventBus());
    }

    @Test
    void hostGpuVerticleAnswersCommandsAndCarriesTheKernelsErrno(Vertx vertx) {
        HostKernel kernel = HostKernel.create(TrapCostProfile::defaults, new RandomStreams(1), MemoryPressure.NONE);
        vertx.deployVerticle(new HostGpuVerticle("t", kernel)).await();
        HostReply created = vertx.eventBus().<ChargedReply>request(Addresses.hostGpu("t"),
                new HostCommand.CreateProcess(0, 0, 64L << 30, List.of(HostKernel.GPU_ID), -1, 1L << 30)).await().body().reply();
        assertThat(created.ok()).isTrue();
        // an ALLOC of memory that is not mapped: the kernel's answer is an errno inside a normal reply
        ChargedReply alloc = vertx.eventBus().<ChargedReply>request(Addresses.hostGpu("t"), new HostIoctl.AllocUserptr(0, 0,
                HostKernel.GPU_ID, 0x1_0000_0000L, 4096, 0x7000_0000_0000L, AllocFlags.LIBHSAKMT_USERPTR)).await().body();
        assertThat(alloc.reply().ret()).isEqualTo(-14);
        assertThat(alloc.reply().errno()).isEqualTo("EFAULT");
        // the failed ioctl still cost its entry and exit, which the answer carries to the caller's ledger
        assertThat(alloc.costNs()[Component.HOST_IOCTL.ordinal()]).isEqualTo(TrapCostProfile.defaults().hostIoctlNs());
    }

    @Test
    void aCommandForAProcessTheHostDoesNotHaveFailsWithEsrch(Vertx vertx) {
        HostKernel kernel = HostKernel.create(TrapCostProfile::defaults, new RandomStreams(1), MemoryPressure.NONE);
        vertx.deployVerticle(new HostGpuVerticle("t", kernel)).await();
        assertThatThrownBy(() -> vertx.eventBus().request(Addresses.hostGpu("t"), new HostCommand.SubmitCompute(5, 0, 1, 10)).await())
                .isInstanceOfSatisfying(ReplyException.class, e -> {
                    assertThat(e.failureType()).isEqualTo(ReplyFailure.RECIPIENT_FAILURE);
                    assertThat(e.failureCode()).isEqualTo(Errno.ESRCH.number());
                    assertThat(e.getMessage()).contains("no KFD process 5");
                });
    }

    @Test
    void aHypervisorWhoseHostIsDeadStopsTheRunNamingThePeer(Vertx vertx) {
        GuestPort idle = new GuestPort() {
            @Override
            public GuestRequest start() {
                return new GuestFinished(0, 0, 0, GuestRequest.TEARDOWN, null);
            }

            @Override
            public GuestRequest complete(GuestCompletion completion) {
                throw new AssertionError("no request was sent");
            }
        };
        // no HostGpuVerticle is deployed for world "dead": its host does not answer
        var host = BusPorts.host(vertx, "dead", 1_000);
        Vmm vmm = new Vmm(0, Scenario.BATCH, TrapCostProfile::defaults, host, SimulationObserver.NONE, 64L << 30, 1, List.of());
        vertx.deployVerticle(new HypervisorVerticle("dead", v -> new VirtualTimeScheduler(Scenario.BATCH, TrapCostProfile::defaults,
                host, List.of(idle), List.of(vmm), SimulationObserver.NONE)),
                new DeploymentOptions().setThreadingModel(ThreadingModel.VIRTUAL_THREAD)).await();
        assertThatThrownBy(() -> vertx.eventBus().request(Addresses.hypervisor("dead"), new RunWorld(Long.MAX_VALUE)).await())
                .isInstanceOfSatisfying(ReplyException.class, e -> {
                    assertThat(e.failureCode()).isEqualTo(HypervisorVerticle.RUN_FAILED);
                    assertThat(e.getMessage()).contains("nobody listens at scatterbatch.dead.host.gpu");
                });
    }
}
