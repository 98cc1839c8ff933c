package dev.scatterbatch.app.cluster;

import dev.scatterbatch.app.Main;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** With no worker present, the coordinator runs the worlds itself, and the result is the local one. */
class CoordinatorAloneTest {

    @Test
    void aCalibrationWithoutWorkersIsRunByTheCoordinatorAndFitsAsLocally() throws Exception {
        String[] calibrate = {"calibrate", "--iterations", "1", "--observed", "per-range=70000,batch=180000", "--fit", "kfdAllocFixed"};
        String local = HostGuestProcessesTest.inProcess(calibrate);

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), HostGuestProcessesTest.concat(calibrate,
                new String[]{"--cluster", "127.0.0.1:" + MemberProcess.freePort(), "--cluster-name", MemberProcess.uniqueClusterName("alone"),
                        "--threads", "1"}));

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).isEqualTo(local);
    }
}
