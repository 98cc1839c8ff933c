package dev.scatterbatch.model.uapi;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ErrnoTest {

    @Test
    void numbersAreLinuxs() {
        assertThat(Errno.EPERM.number()).isEqualTo(1);
        assertThat(Errno.EFAULT.number()).isEqualTo(14);
        assertThat(Errno.EBUSY.number()).isEqualTo(16);
        assertThat(Errno.EINVAL.number()).isEqualTo(22);
        assertThat(Errno.ENOTTY.number()).isEqualTo(25);
        assertThat(Errno.EOVERFLOW.number()).isEqualTo(75);
        assertThat(Errno.EOPNOTSUPP.number()).isEqualTo(95);
        assertThat(Errno.EADDRINUSE.number()).isEqualTo(98);
        assertThat(Errno.ENOMEM.ret()).isEqualTo(-12);
    }

    @Test
    void lookupByNumberNameAndReturnValue() {
        assertThat(Errno.byNumber(22)).contains(Errno.EINVAL);
        assertThat(Errno.byNumber(9999)).isEmpty();
        assertThat(Errno.byName("ebusy")).contains(Errno.EBUSY);
        assertThat(Errno.byName("EWHATEVER")).isEmpty();
        assertThat(Errno.fromReturn(-98)).contains(Errno.EADDRINUSE);
        assertThat(Errno.fromReturn(0)).isEmpty();
    }
}
