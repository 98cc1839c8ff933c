package dev.scatterbatch.controlplane.metrics;

import dev.scatterbatch.model.cost.Parameter;
import dev.scatterbatch.model.cost.ParameterKind;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.metrics.MetricNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.function.Supplier;

/** {@code scatterbatch_profile_parameter{name=...}}: the current value of every numeric parameter, durations in seconds. */
public final class ProfileGauges {

    private ProfileGauges() {
    }

    /**
     * Registers one gauge per numeric parameter, reading the profile in force at each scrape. The gauges hold
     * {@code profile} strongly: a gauge's state object is otherwise weakly held, and a method reference such as
     * {@code model::profile} is referenced by nothing else, so the gauges turned NaN at the first GC.
     */
    public static void register(MeterRegistry registry, Supplier<TrapCostProfile> profile) {
        for (Parameter p : Parameter.values()) {
            if (!p.isNumeric()) continue;
            double scale = p.kind() == ParameterKind.DURATION ? 1e-9 : 1.0;
            Gauge.builder(MetricNames.PROFILE_PARAMETER.meterName(), () -> profile.get().number(p) * scale)
                    .description(MetricNames.PROFILE_PARAMETER.description())
                    .tag(MetricNames.NAME, p.key())
                    .register(registry);
        }
    }
}
