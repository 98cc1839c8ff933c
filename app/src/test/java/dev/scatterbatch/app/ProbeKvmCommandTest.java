package dev.scatterbatch.app;

import dev.scatterbatch.kvmprobe.KvmProber;
import dev.scatterbatch.model.cost.Durations;
import dev.scatterbatch.model.cost.Parameter;
import dev.scatterbatch.model.cost.ProfileLoader;
import dev.scatterbatch.model.cost.TrapCostProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ProbeKvmCommandTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--iterations 3       | error: --iterations must be at least 10 (samples per operation), got 3.",
            "--quick --iterations 50 | error: --quick and --iterations are alternatives: give one.",
            "--mode rm16          | error: --mode rm16: expected auto, lm3 or lm0.",
    })
    void badOptionsAreBadInputNamingTheOption(String options, String message) {
        String[] args = ("probe-kvm " + options.trim()).split(" +");
        CliRunner r = CliRunner.run(args);
        assertThat(r.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains(message);
    }

    @Test
    void writingIntoAMissingDirectoryIsBadInputBeforeAnythingIsMeasured(@TempDir Path dir) {
        CliRunner r = CliRunner.run("probe-kvm", "--quick", "--write", dir.resolve("no/such/dir/p.yaml").toString());
        assertThat(r.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("does not exist");
    }

    @Test
    void writesAProfileThatLoadsWithTheMeasuredParametersSet(@TempDir Path dir) {
        String why = KvmProber.unavailableReason().orElse(null);
        assumeTrue(why == null, () -> "no usable /dev/kvm here (CI has one): " + why);
        Path file = dir.resolve("here.yaml");
        CliRunner r = CliRunner.run("probe-kvm", "--quick", "--write", file.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("probe-kvm: guest mode", "kick -> blocked host thread -> ack", "vs reference",
                "Profile parameters derived from it:", "wrote " + file);
        TrapCostProfile written = ProfileLoader.load(file.toString());
        TrapCostProfile defaults = TrapCostProfile.defaults();
        // the file holds what the command printed, whatever this host measured
        for (Parameter p : new Parameter[]{Parameter.KICK_EXIT, Parameter.VM_EXIT_USER, Parameter.VMM_WAKEUP, Parameter.HOST_IOCTL}) {
            assertThat(r.out()).as(p.key()).containsPattern("(?m)^  " + p.key() + " +" + Pattern.quote(Durations.format((long) written.number(p))) + " ");
        }
        assertThat(written.guestSyscallNs()).isEqualTo(defaults.guestSyscallNs());
    }

    @Test
    void withoutAUsableKvmTheCommandSaysWhyInOneSentenceAndExitsOne() {
        String why = KvmProber.unavailableReason().orElse(null);
        assumeTrue(why != null, "this host has a usable /dev/kvm (KvmDeviceTest covers a missing device by path)");
        CliRunner r = CliRunner.run("probe-kvm", "--quick");
        assertThat(r.exitCode()).isEqualTo(Main.EXIT_FAILURE);
        assertThat(r.err().lines().filter(l -> l.startsWith("failed: ")).toList()).containsExactly("failed: " + why + ".");
        assertThat(r.out()).isEmpty();
    }
}
