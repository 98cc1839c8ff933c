package dev.scatterbatch.host.replay;

import dev.scatterbatch.model.cost.Parameter;
import dev.scatterbatch.model.cost.TrapCostProfile;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs trace text through a {@link ReplayRunner} and checks result lines. */
final class Traces {

    private Traces() {
    }

    /**
     * The default profile at {@code kernelHz} 1000, so the restore worker runs one millisecond after the first
     * eviction (a round number the traces' times are written against).
     */
    static final TrapCostProfile HZ_1000 = TrapCostProfile.defaults().with(Parameter.KERNEL_HZ, 1000L);

    /** The result lines of {@code trace} under {@link #HZ_1000}. */
    static List<String> run(String trace) {
        return run(new ReplayRunner(() -> HZ_1000), trace);
    }

    static List<String> run(ReplayRunner runner, String trace) {
        List<String> out = new ArrayList<>();
        int line = 0;
        for (String text : trace.split("\n", -1)) {
            String result = runner.run(++line, text);
            if (result != null) out.add(result);
        }
        return out;
    }

    /** Asserts that the last result lines of {@code trace} are {@code expected} (one per line). */
    static void expectLast(String trace, String expected) {
        List<String> want = expected.strip().lines().toList();
        List<String> got = run(trace);
        assertThat(got.subList(Math.max(0, got.size() - want.size()), got.size()))
                .as("result lines of%n%s%nall results:%n%s", trace, String.join("\n", got))
                .containsExactlyElementsOf(want);
    }

    /** Asserts that {@code expected} are among the result lines of {@code trace}, in that order. */
    static void expectAmong(String trace, String expected) {
        List<String> got = run(trace);
        assertThat(got).as("result lines of%n%s", trace).containsSubsequence(expected.strip().lines().toList());
    }
}
