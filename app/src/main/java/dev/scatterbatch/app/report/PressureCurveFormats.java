package dev.scatterbatch.app.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.scatterbatch.app.run.PressureCurve;
import dev.scatterbatch.model.scenario.Scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link PressureCurve} as a table (with where batching stops paying), CSV or JSON. */
public final class PressureCurveFormats {

    private PressureCurveFormats() {
    }

    /** The table, headed by what was run. */
    public static String table(PressureCurve curve, String heading) {
        StringBuilder sb = new StringBuilder(heading).append('\n')
                .append("score at each rate of invalidating host memory events per simulated second on GPU-registered memory\n\n");
        sb.append(String.format(Locale.ROOT, "%10s", "events/s"));
        for (PressureCurve.Column c : curve.columns()) sb.append(String.format(Locale.ROOT, "  %s", pad(c.label())));
        sb.append('\n');
        for (int r = 0; r < curve.rates().size(); r++) {
            sb.append(String.format(Locale.ROOT, "%10s", number(curve.rates().get(r))));
            for (int c = 0; c < curve.columns().size(); c++) {
                sb.append(String.format(Locale.ROOT, "  %" + pad(curve.columns().get(c).label()).length() + "s",
                        Double.isNaN(curve.scores()[r][c]) ? curve.statuses()[r][c] : String.format(Locale.ROOT, "%,.0f", curve.scores()[r][c])));
            }
            sb.append('\n');
        }
        int perRange = columnOf(curve, Scenario.PER_RANGE);
        if (perRange >= 0) {
            sb.append('\n');
            for (int c = 0; c < curve.columns().size(); c++) {
                Scenario s = curve.columns().get(c).scenario();
                if (!s.batchesRanges()) continue;
                double at = curve.stopsPayingAt(c, perRange);
                List<String> notCompared = new ArrayList<>();
                for (int r = 0; r < curve.rates().size(); r++) {
                    if (!curve.comparable(r, c, perRange)) notCompared.add(number(curve.rates().get(r)));
                }
                String label = curve.columns().get(c).label();
                if (!Double.isNaN(at)) {
                    sb.append(label).append(": scores no better than per-range from ").append(number(at)).append(" events/s on (batching stops paying)\n");
                } else if (notCompared.size() == curve.rates().size()) {
                    sb.append(label).append(": no rate where it and per-range both completed, so no comparison\n");
                } else {
                    sb.append(label).append(notCompared.isEmpty() ? ": beats per-range at every rate tried\n"
                            : ": beats per-range at every rate where both completed; not compared at " + String.join(", ", notCompared)
                                    + " events/s, where one of them stalled or aborted\n");
                }
            }
        }
        return sb.toString();
    }

    /** One row per rate, one column per scenario line. */
    public static String csv(PressureCurve curve) {
        StringBuilder sb = new StringBuilder("eventsPerSecond");
        for (PressureCurve.Column c : curve.columns()) sb.append(',').append(c.label().replace(' ', '_').replace("(", "").replace(")", ""));
        sb.append('\n');
        for (int r = 0; r < curve.rates().size(); r++) {
            sb.append(number(curve.rates().get(r)));
            for (int c = 0; c < curve.columns().size(); c++) {
                // a world that did not complete has no score: an empty cell, never a number
                sb.append(',').append(Double.isNaN(curve.scores()[r][c]) ? "" : String.format(Locale.ROOT, "%.1f", curve.scores()[r][c]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * {@code {"rates": [...], "series": [{"scenario", "restoreGranularity", "scores": [...], "statuses": [...]}]}}; a
     * world that did not complete has a null score and its status.
     */
    public static String json(PressureCurve curve) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("rates", curve.rates());
        List<Object> series = new ArrayList<>();
        for (int c = 0; c < curve.columns().size(); c++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("scenario", curve.columns().get(c).scenario().key());
            m.put("restoreGranularity", curve.columns().get(c).granularity().key());
            List<Double> scores = new ArrayList<>();
            List<String> statuses = new ArrayList<>();
            for (int r = 0; r < curve.rates().size(); r++) {
                double score = curve.scores()[r][c];
                scores.add(Double.isNaN(score) ? null : Math.round(score * 10) / 10.0);
                statuses.add(curve.statuses()[r][c]);
            }
            m.put("scores", scores);
            m.put("statuses", statuses);
            series.add(m);
        }
        root.put("series", series);
        try {
            return JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int columnOf(PressureCurve curve, Scenario s) {
        for (int c = 0; c < curve.columns().size(); c++) if (curve.columns().get(c).scenario() == s) return c;
        return -1;
    }

    private static String pad(String label) {
        return label.length() < 10 ? " ".repeat(10 - label.length()) + label : label;
    }

    private static String number(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%s", v);
    }
}
