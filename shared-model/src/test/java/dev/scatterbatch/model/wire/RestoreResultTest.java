package dev.scatterbatch.model.wire;

import dev.scatterbatch.model.uapi.Errno;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RestoreResultTest {

    @Test
    void anOutcomeCarriesAnErrnoExactlyWhereTheKernelHitOne() {
        assertThat(RestoreResult.FAULT.errno()).isEqualTo(Errno.EFAULT);
        assertThat(RestoreResult.retry(Errno.EBUSY).errno()).isEqualTo(Errno.EBUSY);
        assertThat(RestoreResult.SUCCESS.errno()).isNull();
        assertThatThrownBy(() -> RestoreResult.retry(Errno.EFAULT)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a restore ending in retry cannot carry errno EFAULT");
        assertThatThrownBy(() -> RestoreResult.retry(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RestoreResult(RestoreOutcome.RACED, Errno.ENOMEM)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RestoreResult(RestoreOutcome.FAULT, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlySuccessAndFaultConfirmARestore() {
        assertThat(RestoreOutcome.values()).filteredOn(RestoreOutcome::confirmed)
                .containsExactly(RestoreOutcome.SUCCESS, RestoreOutcome.FAULT);
    }

    @Test
    void aRestoreEventCrossesTheWireWithItsErrno() {
        HostEvent event = new HostEvent.RestoreFinished(3, 99, RestoreResult.retry(Errno.ENOMEM));
        assertThat(WireFormat.decode(WireFormat.encode(event), HostEvent.class)).isEqualTo(event);
    }
}
