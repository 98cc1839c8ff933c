package dev.scatterbatch.app.cluster;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.scatterbatch.app.run.RunStatistics;
import dev.scatterbatch.app.run.WorldJob;
import dev.scatterbatch.app.run.WorldSpec;
import dev.scatterbatch.guest.workload.Workload;
import dev.scatterbatch.guest.workload.WorkloadLoader;
import dev.scatterbatch.model.cost.ProfileLoader;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.scenario.Scenario;

import java.util.function.Function;

/**
 * A world (alone, or as a job with its budget) and what it reported, as JSON text for another process. The profile
 * and the workload travel as the YAML their loaders read back to equal objects, so the receiving process runs exactly
 * the world the sender meant; a world that would not read back equal is refused when it is sent, never run slightly
 * different.
 */
public final class WorldWire {

    /** Statistics travel field by field: every count is a long, so the receiver adds up exactly the same numbers. */
    private static final ObjectMapper STATS = JsonMapper.builder()
            .visibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .build();
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private record SpecForm(String scenario, String profileName, String profileYaml, String workloadName, String workloadYaml,
                            long seed, int guests, int iterations, long hostRamBytes, double pressure) {
    }

    private record JobForm(SpecForm world, long budgetNs, boolean failureIsResult) {
    }

    private record ProfileForm(String name, String yaml) {
    }

    private WorldWire() {
    }

    /** {@code spec} as JSON text. */
    public static String encode(WorldSpec spec) {
        return checked(write(JSON, form(spec)), spec, WorldWire::decode);
    }

    /** The world that {@link #encode(WorldSpec)} wrote. */
    public static WorldSpec decode(String json) {
        return spec(read(JSON, json, SpecForm.class));
    }

    /** {@code job} (its world, budget and how a failure counts) as JSON text. */
    public static String encode(WorldJob job) {
        return checked(write(JSON, new JobForm(form(job.spec()), job.budgetNs(), job.failureIsResult())), job.spec(),
                json -> decodeJob(json).spec());
    }

    /** The job that {@link #encode(WorldJob)} wrote. */
    public static WorldJob decodeJob(String json) {
        JobForm f = read(JSON, json, JobForm.class);
        return new WorldJob(spec(f.world()), f.budgetNs(), f.failureIsResult());
    }

    private static SpecForm form(WorldSpec spec) {
        return new SpecForm(spec.scenario().key(), spec.profile().name(), ProfileLoader.toYaml(spec.profile(), "sent"),
                spec.workload().name(), WorkloadLoader.toYaml(spec.workload()), spec.seed(), spec.guests(), spec.iterations(),
                spec.hostRamBytes(), spec.pressure());
    }

    private static WorldSpec spec(SpecForm f) {
        TrapCostProfile profile = ProfileLoader.parse(f.profileYaml(), "profile " + f.profileName() + " from the coordinator", f.profileName());
        Workload workload = WorkloadLoader.parse(f.workloadYaml(), "workload " + f.workloadName() + " from the coordinator", f.workloadName());
        return new WorldSpec(Scenario.parse(f.scenario()), profile, workload, f.seed(), f.guests(), f.iterations(), f.hostRamBytes(),
                f.pressure());
    }

    /** {@code json}, once {@code spec} read back from it (by {@code decode}) is found equal, under the same profile name. */
    private static String checked(String json, WorldSpec spec, Function<String, WorldSpec> decode) {
        WorldSpec back = decode.apply(json);
        if (!back.equals(spec) || !back.profile().name().equals(spec.profile().name())) {
            throw new IllegalStateException("world " + spec.scenario().key() + " under profile " + spec.profile().name()
                    + " does not survive the trip to another process unchanged; run it locally");
        }
        return json;
    }

    /** {@code profile} as JSON text: a running world's new profile, for the guests that live elsewhere. */
    public static String encode(TrapCostProfile profile) {
        String json = write(JSON, new ProfileForm(profile.name(), ProfileLoader.toYaml(profile, "sent")));
        TrapCostProfile back = decodeProfile(json);
        if (!back.equals(profile) || !back.name().equals(profile.name())) {
            throw new IllegalStateException("profile " + profile.name() + " does not survive the trip to another process unchanged");
        }
        return json;
    }

    /** The profile that {@link #encode(TrapCostProfile)} wrote. */
    public static TrapCostProfile decodeProfile(String json) {
        ProfileForm f = read(JSON, json, ProfileForm.class);
        return ProfileLoader.parse(f.yaml(), "profile " + f.name() + " from the host", f.name());
    }

    /** What a world reported, as JSON text. */
    public static String encode(RunStatistics stats) {
        return write(STATS, stats);
    }

    /** The statistics that {@link #encode(RunStatistics)} wrote. */
    public static RunStatistics decodeStatistics(String json) {
        return read(STATS, json, RunStatistics.class);
    }

    private static String write(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static <T> T read(ObjectMapper mapper, String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a malformed " + type.getSimpleName() + " message: " + e.getOriginalMessage(), e);
        }
    }
}
