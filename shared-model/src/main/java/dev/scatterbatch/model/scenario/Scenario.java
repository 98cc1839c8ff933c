package dev.scatterbatch.model.scenario;

import dev.scatterbatch.model.cost.ConfigException;
import dev.scatterbatch.model.cost.SplitLocation;
import dev.scatterbatch.model.wire.SplitPlan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Collectors;

/** How a buffer gets registered with the GPU: natively, or from a guest by one of the VMM's strategies. */
public enum Scenario {
    /** No VM: the buffer is one CPU VA range; one ALLOC + one MAP on the host. */
    BARE_METAL("bare-metal"),
    /** One ALLOC + one MAP per range (split in the VMM or in the guest, per {@code splitLocation}). */
    PER_RANGE("per-range"),
    /** One ALLOC_MEMORY_OF_GPU_BATCH (v2 ABI, one notifier per range) + one MAP. */
    BATCH("batch"),
    /** One ALLOC with USERPTR_BATCH (v3/v4 ABI, one notifier over the span) + one MAP. */
    BATCH_V4("batch-v4"),
    /** The VMM stitches the ranges into one VA with mremap(MREMAP_DONTUNMAP), then one ALLOC + one MAP. */
    MREMAP("mremap"),
    /**
     * Batch series v1: one AMDKFD_IOC_SVM_RANGES pins every range ({@code pin_user_pages_fast}) behind a VMA of the
     * VMM and maps it (KFD_IOCTL_SVM_ATTR_MAPPED); never invalidated, unpinned when the VMA is unmapped.
     */
    SVM_PINNED("svm-pinned"),
    /**
     * The reviewers' alternative: AMDKFD_IOC_SVM SET_ATTR over the buffer's host VA (GPU VA = CPU VA), prefetched to
     * VRAM; possible only for a buffer that is one host VA range.
     */
    SVM("svm");

    /** What {@code bench}, {@code sweep} and {@code serve} run when no scenario list is given (an option default). */
    public static final String DEFAULT_LIST = "bare-metal,per-range,batch";

    private final String key;

    Scenario(String key) {
        this.key = key;
    }

    /** The scenario's name on the command line, in JSON and in the {@code scenario} metric tag. */
    public String key() {
        return key;
    }

    /** Whether the buffer comes from a guest (forwarded requests, VM exits, guest compute slowdown). */
    public boolean virtualized() {
        return this != BARE_METAL;
    }

    /**
     * Whether one BO holds many ranges (so a restore's granularity, per range or whole BO, matters). Switched over
     * every scenario, so a new one must say.
     */
    public boolean batchesRanges() {
        return switch (this) {
            case BATCH, BATCH_V4 -> true;
            case BARE_METAL, PER_RANGE, MREMAP, SVM_PINNED, SVM -> false;
        };
    }

    /** Whether the guest forwards each range itself (a {@link SplitPlan} per run) at {@code location}. */
    public boolean splitsInGuest(SplitLocation location) {
        return this == PER_RANGE && location == SplitLocation.GUEST;
    }

    /** The scenario named {@code key}, or a ConfigException listing the known names. */
    public static Scenario parse(String key) {
        for (Scenario s : values()) {
            if (s.key.equals(key.trim())) return s;
        }
        throw new ConfigException("unknown scenario '" + key.trim() + "'; known scenarios: " + known());
    }

    /** A comma-separated list of scenario names, in the given order, without repeats. */
    public static List<Scenario> parseList(String csv) {
        List<String> problems = new ArrayList<>();
        LinkedHashSet<Scenario> out = new LinkedHashSet<>();
        for (String part : csv.split(",")) {
            if (part.isBlank()) continue;
            try {
                out.add(parse(part));
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) throw new ConfigException(problems);
        if (out.isEmpty()) throw new ConfigException("no scenario given; known scenarios: " + known());
        return List.copyOf(out);
    }

    /** Every scenario name, comma-separated. */
    public static String known() {
        return Arrays.stream(values()).map(Scenario::key).collect(Collectors.joining(", "));
    }
}
