package dev.scatterbatch.kvmprobe;

import dev.scatterbatch.model.cost.ConfigException;
import dev.scatterbatch.model.cost.Durations;
import dev.scatterbatch.model.cost.Parameter;
import dev.scatterbatch.model.cost.ProfileLoader;
import dev.scatterbatch.model.cost.TrapCostProfile;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Maps a probe's measurements to the cost parameters they honestly determine (docs/model.md §11 and docs/kvm-probe.md §5), each with where it
 * came from. Medians are used throughout; loop figures have the empty loop iteration taken off where they stand
 * alone, and cancel it where two are subtracted.
 *
 * <ul>
 *   <li>{@code kickExit}: the PIO ioeventfd kick, minus the empty loop iteration;</li>
 *   <li>{@code vmExitUser}: the PIO exit to the VMM and back;</li>
 *   <li>{@code vmmWakeup}: the kick to a blocked host thread and its acknowledgement, minus the kick;</li>
 *   <li>{@code hostIoctl}: {@code KVM_GET_API_VERSION} on {@code /dev/kvm}.</li>
 * </ul>
 *
 * Not derived, because the probe has no guest kernel and injects no interrupt: {@code guestSyscall},
 * {@code irqInject}, {@code guestWakeup}, {@code vmmDecode}. {@code nestedMultiplier} stays 1: measured exits
 * already include every layer of virtualization below this host's KVM.
 */
public final class TrapCostDerivation {

    /** The name of a derived profile. */
    public static final String PROFILE_NAME = "probe-kvm";

    /**
     * One derived value and its provenance.
     *
     * @param parameter the profile parameter
     * @param valueNs   its value, whole nanoseconds
     * @param source    where it came from, in words with the figures used
     */
    public record Derived(Parameter parameter, long valueNs, String source) {
    }

    private static final MathContext SIGNIFICANT = new MathContext(3, RoundingMode.HALF_UP);

    private TrapCostDerivation() {
    }

    /** The parameters {@code result} determines, in profile order. */
    public static List<Derived> derive(KvmProbeResult result) {
        double loop = result.medianNs(ProbeOperation.GUEST_LOOP);
        double pioKick = result.medianNs(ProbeOperation.PIO_KICK);
        double roundTrip = result.medianNs(ProbeOperation.KICK_BLOCKED_ACK);
        double pioExit = result.medianNs(ProbeOperation.PIO_EXIT);
        double ioctl = result.medianNs(ProbeOperation.HOST_IOCTL);
        String mode = " (" + result.mode().key() + ")";
        List<Derived> derived = new ArrayList<>();
        derived.add(new Derived(Parameter.HOST_IOCTL, rounded(ioctl),
                "median of ioctl(/dev/kvm, KVM_GET_API_VERSION), " + ns(ioctl)));
        derived.add(new Derived(Parameter.KICK_EXIT, rounded(pioKick - loop),
                "median PIO ioeventfd kick per loop iteration " + ns(pioKick) + " minus the empty loop iteration "
                        + ns(loop) + mode));
        derived.add(new Derived(Parameter.VM_EXIT_USER, rounded(pioExit),
                "median PIO exit to user space and back, " + ns(pioExit) + mode));
        derived.add(new Derived(Parameter.VMM_WAKEUP, rounded(roundTrip - pioKick),
                "median kick to a blocked host thread and ack " + ns(roundTrip) + " minus the kick " + ns(pioKick) + mode));
        return derived;
    }

    /**
     * The {@code default} profile with the derived values set, named {@value #PROFILE_NAME}.
     *
     * @throws ConfigException when a measured value is outside the parameter's range
     */
    public static TrapCostProfile profile(KvmProbeResult result) {
        Map<Parameter, Object> values = new EnumMap<>(Parameter.class);
        for (Derived d : derive(result)) values.put(d.parameter(), d.valueNs());
        return TrapCostProfile.defaults().with(values).named(PROFILE_NAME);
    }

    /**
     * The derived profile as YAML ({@link ProfileLoader#toYaml}), its header saying where each value came from;
     * {@code origin} says where and when it was measured.
     */
    public static String yaml(KvmProbeResult result, String origin) {
        StringBuilder comment = new StringBuilder()
                .append("Trap costs measured by scatterbatch probe-kvm through /dev/kvm").append('\n')
                .append(origin).append('\n')
                .append("guest mode ").append(result.mode().key()).append(": ").append(result.mode().description())
                .append("; ").append(result.threadPlacement()).append('\n');
        for (Derived d : derive(result)) {
            comment.append(d.parameter().key()).append(' ').append(Durations.format(d.valueNs()))
                    .append(": ").append(d.source()).append('\n');
        }
        comment.append("Not measured (defaults kept): guestSyscall, vmmDecode, irqInject, guestWakeup.").append('\n')
                .append("nestedMultiplier stays 1: the measured exits include every layer below this host's KVM.");
        return ProfileLoader.toYaml(profile(result), comment.toString());
    }

    /**
     * {@code ns} to three significant digits, as whole nanoseconds, and not below 0: run-to-run spread is a few
     * percent (docs/kvm-probe.md §2), so more digits would claim a precision the probe does not have.
     */
    static long rounded(double ns) {
        if (!(ns > 0)) return 0;
        return new BigDecimal(ns).round(SIGNIFICANT).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    private static String ns(double ns) {
        return ProbeReport.duration(ns);
    }
}
