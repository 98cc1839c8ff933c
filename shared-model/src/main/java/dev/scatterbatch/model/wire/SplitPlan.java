package dev.scatterbatch.model.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * How a guest forwards one buffer: whole (one request carrying the whole scatter list) or one part per run (the
 * per-range scenario with {@code splitLocation=guest}). The guest computes it once, when it allocates the buffer,
 * and keeps it until the buffer is freed; each request names its part and the part's offset, which the VMM uses as
 * the part's handle slot and GPU VA offset, so guest and VMM never compute the split twice.
 *
 * @param parts the parts in buffer order; one part with index {@link UserptrRequest#WHOLE_BUFFER} when whole
 */
public record SplitPlan(List<Part> parts) {

    /** One forwarded part: its index (or {@link UserptrRequest#WHOLE_BUFFER}), byte offset in the buffer, and runs. */
    public record Part(int index, long offset, List<GpaRun> runs) {
        public Part {
            runs = List.copyOf(runs);
        }
    }

    public SplitPlan {
        parts = List.copyOf(parts);
    }

    /** The buffer forwarded whole. */
    public static SplitPlan whole(List<GpaRun> runs) {
        return new SplitPlan(List.of(new Part(UserptrRequest.WHOLE_BUFFER, 0, runs)));
    }

    /** One part per run, each at its offset in the buffer. */
    public static SplitPlan perRun(List<GpaRun> runs) {
        List<Part> parts = new ArrayList<>(runs.size());
        long offset = 0;
        for (int i = 0; i < runs.size(); i++) {
            parts.add(new Part(i, offset, List.of(runs.get(i))));
            offset += runs.get(i).bytes();
        }
        return new SplitPlan(parts);
    }
}
