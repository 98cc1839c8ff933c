package dev.scatterbatch.controlplane.metrics;

import dev.scatterbatch.model.cost.Parameter;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.metrics.MetricNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ProfileGaugesTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void parameterGaugesStillReadTheProfileAfterAGarbageCollection() {
        AtomicReference<TrapCostProfile> profile = new AtomicReference<>(TrapCostProfile.defaults());
        // a method reference, as serve passes model::profile: nothing but the gauges refers to it
        ProfileGauges.register(registry, profile::get);

        for (int i = 0; i < 3; i++) System.gc();

        assertThat(gauge(Parameter.KFD_ALLOC_FIXED)).isCloseTo(14e-6, within(1e-15));
    }

    @Test
    void parameterGaugesShowTheProfileInForceDurationsInSeconds() {
        AtomicReference<TrapCostProfile> profile = new AtomicReference<>(TrapCostProfile.defaults());
        ProfileGauges.register(registry, profile::get);

        profile.set(TrapCostProfile.defaults().with(Parameter.KFD_ALLOC_FIXED, 40_000L));

        assertThat(gauge(Parameter.KFD_ALLOC_FIXED)).isEqualTo(40e-6);
        assertThat(gauge(Parameter.HUGE_PAGE_FACTOR)).isEqualTo(0.75);
    }

    private double gauge(Parameter p) {
        return registry.get(MetricNames.PROFILE_PARAMETER.meterName()).tag(MetricNames.NAME, p.key()).gauge().value();
    }
}
