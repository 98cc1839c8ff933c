package dev.scatterbatch.controlplane.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scatterbatch.model.cost.Parameter;
import dev.scatterbatch.model.cost.TrapCostProfile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class ParamsApiTest {

    private final AtomicReference<TrapCostProfile> current = new AtomicReference<>(TrapCostProfile.defaults());
    private final AtomicReference<TrapCostProfile> submitted = new AtomicReference<>();
    private final ParamsApi api = new ParamsApi(current::get, (next, changed) -> {
        submitted.set(next);
        return 1234L;
    });

    @Test
    void getShowsEveryParameterAsAProfileWritesIt() {
        ParamsApi.Response r = api.get();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).hasSize(Parameter.values().length).containsEntry("kfdAllocFixed", "14us")
                .containsEntry("nestedMultiplier", 1.0).containsEntry("maxMapCount", 65530L).containsEntry("splitLocation", "host-vmm");
    }

    @Test
    void whatGetAnswersCanBePutBackUnchanged() throws Exception {
        String body = new ObjectMapper().writeValueAsString(api.get().body());
        ParamsApi.Response r = api.put(body);
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        assertThat(submitted.get()).isEqualTo(TrapCostProfile.defaults());
    }

    @Test
    void validPartialProfileIsScheduledWithTheVirtualTimeItAppliesFrom() {
        ParamsApi.Response r = api.put("{\"kfdAllocFixed\": \"30us\", \"nestedMultiplier\": 2}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).containsEntry("appliesAtVirtualNs", 1234L);
        assertThat(submitted.get().kfdAllocFixedNs()).isEqualTo(30_000);
        assertThat(submitted.get().nestedMultiplier()).isEqualTo(2.0);
        assertThat(submitted.get().faultPerPageNs()).isEqualTo(100);
    }

    @Test
    void invalidBodyGetsEveryReasonAndSchedulesNothing() {
        ParamsApi.Response r = api.put("{\"kfdAllocFixed\": \"-1us\", \"faultPerPage\": 5, \"warp\": \"1us\", \"gpuMapPerCall\": \"30us\"}");
        assertThat(r.status()).isEqualTo(400);
        @SuppressWarnings("unchecked")
        List<String> errors = (List<String>) r.body().get("errors");
        assertThat(errors).hasSize(3)
                .anySatisfy(e -> assertThat(e).isEqualTo("request body: kfdAllocFixed = -1us is out of range: allowed 0ns to 100ms"))
                .anySatisfy(e -> assertThat(e).contains("faultPerPage must be a duration"))
                .anySatisfy(e -> assertThat(e).contains("warp is not a known parameter"));
        assertThat(submitted.get()).isNull();
    }

    @Test
    void outOfRangeValueIsRefusedNamingTheRange() {
        ParamsApi.Response r = api.put("{\"hugePageFactor\": 3}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().get("errors").toString()).contains("hugePageFactor = 3 is out of range: allowed 0 to 1");
        assertThat(submitted.get()).isNull();
    }

    @Test
    void malformedJsonOrAnEmptyObjectIsRefused() {
        assertThat(api.put("{\"kfdAllocFixed\": ").status()).isEqualTo(400);
        assertThat(api.put("{}").status()).isEqualTo(400);
        assertThat(api.put("[1,2]").status()).isEqualTo(400);
        assertThat(api.put("").status()).isEqualTo(400);
        assertThat(submitted.get()).isNull();
    }
}
