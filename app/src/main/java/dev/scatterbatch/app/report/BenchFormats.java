package dev.scatterbatch.app.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.scatterbatch.model.cost.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link BenchReport} as a terminal table, JSON (the fields of the bench table, see README.md) or CSV. */
public final class BenchFormats {

    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private BenchFormats() {
    }

    /**
     * The JSON form: the bench table's fields, plus {@code status}, {@code percentOfBareMetal}, {@code setupNs},
     * {@code pressure}, {@code error}. A scenario that did not complete has a null score and percentage.
     */
    public static String json(BenchReport report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("profile", report.profile());
        root.put("workload", report.workload());
        root.put("seed", report.seed());
        root.put("transport", report.transport());
        root.put("guests", report.guests());
        List<Object> scenarios = new ArrayList<>();
        for (ScenarioResult s : report.scenarios()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name());
            m.put("status", s.status());
            m.put("score", Double.isNaN(s.score()) ? null : round1(s.score()));
            m.put("percentOfBareMetal", Double.isNaN(s.percentOfBareMetal()) ? null : round1(s.percentOfBareMetal()));
            m.put("iterationNs", s.iterationNs());
            m.put("iterations", s.iterations());
            Map<String, Object> pb = new LinkedHashMap<>();
            pb.put("forwardedRequests", s.perBuffer().forwardedRequests());
            pb.put("vmExits", s.perBuffer().vmExits());
            pb.put("hostIoctls", s.perBuffer().hostIoctls());
            pb.put("ranges", s.perBuffer().ranges());
            m.put("perBuffer", pb);
            m.put("attributionNs", s.attributionNs());
            m.put("setupNs", s.setupNs());
            Map<String, Object> pr = new LinkedHashMap<>();
            pr.put("evictionsPerIteration", s.pressure().evictions());
            pr.put("restoresPerIteration", s.pressure().restores());
            pr.put("queueStallNsPerIteration", s.pressure().queueStallNs());
            pr.put("restoreRunsPerRestore", s.pressure().runsPerRestore());
            m.put("pressure", pr);
            if (s.error() != null) m.put("error", s.error());
            scenarios.add(m);
        }
        root.put("scenarios", scenarios);
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One CSV row per scenario, with every attribution component as a column; no score unless it completed. */
    public static String csv(BenchReport report) {
        StringBuilder sb = new StringBuilder("profile,workload,seed,transport,guests,scenario,score,percentOfBareMetal,iterationNs,"
                + "iterations,forwardedRequestsPerBuffer,vmExitsPerBuffer,hostIoctlsPerBuffer,rangesPerBuffer,setupNs,"
                + "evictionsPerIteration,restoresPerIteration,queueStallNsPerIteration,restoreRunsPerRestore");
        for (Component c : Component.values()) sb.append(",attribution_").append(c.key()).append("_ns");
        sb.append(",status,error\n");
        for (ScenarioResult s : report.scenarios()) {
            sb.append(csvField(report.profile())).append(',').append(csvField(report.workload())).append(',')
                    .append(report.seed()).append(',').append(report.transport()).append(',').append(report.guests()).append(',')
                    .append(s.name()).append(',').append(Double.isNaN(s.score()) ? "" : round1(s.score())).append(',')
                    .append(Double.isNaN(s.percentOfBareMetal()) ? "" : round1(s.percentOfBareMetal())).append(',')
                    .append(s.iterationNs()).append(',').append(s.iterations()).append(',')
                    .append(s.perBuffer().forwardedRequests()).append(',').append(s.perBuffer().vmExits()).append(',')
                    .append(s.perBuffer().hostIoctls()).append(',').append(s.perBuffer().ranges()).append(',')
                    .append(s.setupNs()).append(',').append(s.pressure().evictions()).append(',')
                    .append(s.pressure().restores()).append(',').append(s.pressure().queueStallNs()).append(',')
                    .append(s.pressure().runsPerRestore());
            for (Component c : Component.values()) sb.append(',').append(s.attribution(c));
            sb.append(',').append(s.status()).append(',').append(s.error() == null ? "" : csvField(s.error())).append('\n');
        }
        return sb.toString();
    }

    /** The terminal table: scores and counts, then where the time goes. */
    public static String table(BenchReport report) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "scatterbatch bench: workload %s, profile %s, seed %d, transport %s, %d guest%s%n%n",
                report.workload(), report.profile(), report.seed(), report.transport(), report.guests(),
                report.guests() == 1 ? "" : "s"));
        String head = "%-11s %10s %8s %12s %11s %10s %13s %10s%n";
        sb.append(String.format(Locale.ROOT, head, "scenario", "score", "% bare", "iteration", "fwd req/buf",
                "exits/buf", "host ioctl/buf", "ranges/buf"));
        for (ScenarioResult s : report.scenarios()) {
            sb.append(String.format(Locale.ROOT, "%-11s %10s %8s %12s %11s %10s %13s %10s%n", s.name(),
                    scoreCell(s),
                    Double.isNaN(s.percentOfBareMetal()) ? "-" : String.format(Locale.ROOT, "%.1f%%", s.percentOfBareMetal()),
                    s.iterations() == 0 ? "-" : ms(s.iterationNs()), count(s.perBuffer().forwardedRequests()), count(s.perBuffer().vmExits()),
                    count(s.perBuffer().hostIoctls()), count(s.perBuffer().ranges())));
        }
        sb.append(String.format(Locale.ROOT, "%nwhere an iteration's time goes (ms per iteration, share):%n"));
        sb.append(String.format(Locale.ROOT, "%-14s", "component"));
        for (ScenarioResult s : report.scenarios()) sb.append(String.format(Locale.ROOT, " %18s", s.name()));
        sb.append('\n');
        for (Component c : Component.values()) {
            boolean any = report.scenarios().stream().anyMatch(s -> s.attribution(c) != 0);
            if (!any) continue;
            sb.append(String.format(Locale.ROOT, "%-14s", c.key()));
            for (ScenarioResult s : report.scenarios()) {
                double share = s.iterationNs() == 0 ? 0 : 100.0 * s.attribution(c) / s.iterationNs();
                sb.append(String.format(Locale.ROOT, " %10.3f %6.1f%%", s.attribution(c) / 1e6, share));
            }
            sb.append('\n');
        }
        boolean pressure = report.scenarios().stream().anyMatch(s -> s.pressure().evictions() > 0);
        if (pressure) {
            sb.append(String.format(Locale.ROOT, "%nhost memory pressure (per iteration):%n"));
            sb.append(String.format(Locale.ROOT, "%-11s %10s %10s %14s %13s%n", "scenario", "evictions", "restores", "queue stall",
                    "runs/restore"));
            for (ScenarioResult s : report.scenarios()) {
                sb.append(String.format(Locale.ROOT, "%-11s %10.2f %10.2f %14s %13.2f%n", s.name(), s.pressure().evictions(),
                        s.pressure().restores(), ms(s.pressure().queueStallNs()), s.pressure().runsPerRestore()));
            }
        }
        for (ScenarioResult s : report.scenarios()) {
            if (s.setupNs() > 0) sb.append(String.format(Locale.ROOT, "%s: setup (run-lifetime buffers) %s%n", s.name(), ms(s.setupNs())));
            if (s.error() != null) {
                String why = s.error().startsWith(s.status() + ": ") ? s.error().substring(s.status().length() + 2) : s.error();
                sb.append(String.format(Locale.ROOT, "%s: %s, no score: %s%n", s.name(), s.status(), why));
            }
        }
        return sb.toString();
    }

    /** The score, or what happened instead: a scenario that stalled or aborted has none. */
    public static String scoreCell(ScenarioResult s) {
        return s.completed() ? String.format(Locale.ROOT, "%,.0f", s.score()) : s.status();
    }

    private static String ms(long ns) {
        return String.format(Locale.ROOT, "%.3f ms", ns / 1e6);
    }

    private static String count(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%,.1f", v);
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

}
