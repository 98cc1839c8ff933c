package dev.scatterbatch.app.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scatterbatch.app.report.BenchReport;
import dev.scatterbatch.app.report.ScenarioResult;
import dev.scatterbatch.guest.workload.WorkloadLoader;
import dev.scatterbatch.model.cost.ConfigException;
import dev.scatterbatch.model.cost.ProfileLoader;
import dev.scatterbatch.model.cost.TrapCostProfile;
import dev.scatterbatch.model.scenario.Scenario;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conclusions table of docs/model-mechanisms.md: for each workload, pressure, guest count and nesting, which
 * virtualized scenario wins, by how much over the runner-up, and how close it gets to bare metal under the same
 * conditions. The "after" column is the model's; the "before" column is the model before the mechanisms (commit
 * bb4999e), whose cells come from that commit's {@code bench --format json} through the same {@link #cell} rule.
 * Every run checks the single-guest seed-opencl rows without pressure against the model (cheap) and every cell of
 * both columns against the cell format; with {@code -Dconclusions=record} the test computes every row and rewrites
 * the after column (a long run: the rows at 1000 events/s simulate restore livelocks until the virtual-time budget
 * runs out; {@code -Dconclusions.rows=REGEX} limits it to the rows whose conditions, as {@code | workload | pressure |
 * guests | nested |}, match, for a change that moves only those), with {@code -Dconclusions=record-before -Dconclusions.before=DIR} it rewrites the before column from the
 * JSON files {@code DIR/<workload>-<pressure>-<guests>-<off|on>.json}. A world that stalls or aborts gets no score
 * (issue 9's rule): a cell names it instead.
 */
class ConclusionsTableTest {

    private static final Path DOC = Path.of("..", "docs", "model-mechanisms.md");
    static final String BEGIN = "<!-- conclusions table: ConclusionsTableTest checks it; -Dconclusions=record rewrites the after column -->";
    static final String END = "<!-- end of conclusions table -->";
    private static final List<Scenario> VIRTUALIZED = List.of(Scenario.PER_RANGE, Scenario.BATCH, Scenario.BATCH_V4, Scenario.MREMAP);
    private static final String NAMES = "[a-z0-9-]+(?: = [a-z0-9-]+)*";
    private static final String NOT_DONE = "[a-z0-9-]+ (?:stalled|aborted)";
    /** The cell of conditions {@code bench} refuses to simulate: more events than a run may take. */
    static final String REFUSED = String.format(Locale.ROOT, "refused: more than %,d simulated events", Benchmark.MAX_PRESSURE_EVENTS);
    /** What {@link #cell} writes: a winner with its margin and share of bare metal, or what stopped every scenario. */
    static final Pattern CELL = Pattern.compile(
            "(?:not recorded|" + REFUSED + "|every scenario stalled|every virtualized scenario stalled|none finished: " + NOT_DONE + "(?:, " + NOT_DONE + ")*"
                    + "|" + NAMES + "(?: \\+\\d+\\.\\d%)? \\((?:\\d+\\.\\d% of bare|bare metal (?:stalled|aborted))\\)"
                    + "(?:; " + NOT_DONE + "(?:, " + NOT_DONE + ")*)?)"
                    + "(?:; restores livelock, up to \\d+ runs per restore)?");

    /** One row: the conditions. */
    record Conditions(String workload, int pressure, int guests, boolean nested) {
        String key() {
            return "| " + workload + " | " + pressure + " | " + guests + " | " + (nested ? "on" : "off") + " |";
        }

        /** The before column's JSON file for these conditions. */
        String file() {
            return workload + "-" + pressure + "-" + guests + "-" + (nested ? "on" : "off") + ".json";
        }

        /** Enough to rank; one at 1000 events/s, where restores livelock and an iteration takes a minute of virtual time. */
        int iterations() {
            return pressure >= 1000 ? 1 : workload.equals("llm-7b") ? 2 : 3;
        }
    }

    static List<Conditions> conditions() {
        List<Conditions> out = new ArrayList<>();
        for (String w : List.of("seed-opencl", "scatter-4000", "llm-7b")) {
            for (int pressure : List.of(0, 100, 1000)) {
                for (int guests : List.of(1, 4)) {
                    for (boolean nested : List.of(false, true)) out.add(new Conditions(w, pressure, guests, nested));
                }
            }
        }
        return out;
    }

    /**
     * The after cell of {@code c}: the winner, its margin over the runner-up and its share of bare metal, or
     * {@link #REFUSED} when {@code bench} refuses the conditions as more events than a run may simulate.
     */
    static String afterCell(Conditions c) {
        TrapCostProfile p = c.nested() ? ProfileLoader.load("nested") : TrapCostProfile.defaults();
        WorldSpec base = new WorldSpec(Scenario.BARE_METAL, p, WorkloadLoader.load(c.workload()), 42, c.guests(), c.iterations(),
                WorldSpec.DEFAULT_HOST_RAM, c.pressure());
        try {
            Benchmark.requireBoundedCost(base);
        } catch (ConfigException e) {
            if (e.getMessage().contains("invalidating events")) return REFUSED;
            throw e;
        }
        List<Scenario> all = new ArrayList<>(VIRTUALIZED);
        all.addFirst(Scenario.BARE_METAL);
        BenchReport report = Benchmark.run(base, all, Transport.DIRECT, i -> { });
        return cell(report.scenarios());
    }

    /**
     * The cell of one run: the completed virtualized scenario with the best score (several joined by {@code =} when
     * they tie), its margin over the next lower score, and its share of bare metal, or "(bare metal stalled)" when bare
     * metal got no score; then the virtualized scenarios that stalled or aborted, which get no score and no rank. When
     * none completed: "every scenario stalled", "every virtualized scenario stalled", or what stopped each. Where any
     * scenario's restores took more than 10 runs per confirmed restore, the most runs are named.
     */
    static String cell(List<ScenarioResult> results) {
        ScenarioResult bare = results.stream().filter(r -> r.name().equals(Scenario.BARE_METAL.key())).findFirst().orElseThrow();
        List<ScenarioResult> virtualized = results.stream().filter(r -> r != bare).toList();
        List<ScenarioResult> ranked = virtualized.stream().filter(ScenarioResult::completed)
                .sorted(Comparator.comparingDouble(ScenarioResult::score).reversed()).toList();
        String notDone = String.join(", ", virtualized.stream().filter(r -> !r.completed()).map(r -> r.name() + " " + r.status()).toList());
        double runs = results.stream().mapToDouble(r -> r.pressure().runsPerRestore()).max().orElse(0);
        String livelock = runs > 10 ? String.format(Locale.ROOT, "; restores livelock, up to %.0f runs per restore", runs) : "";
        if (ranked.isEmpty()) {
            boolean allStalled = virtualized.stream().allMatch(r -> r.status().equals("stalled"));
            String none = !allStalled ? "none finished: " + notDone
                    : bare.status().equals("stalled") ? "every scenario stalled" : "every virtualized scenario stalled";
            return none + livelock;
        }
        double best = ranked.getFirst().score();
        List<ScenarioResult> winners = ranked.stream().filter(r -> r.score() == best).toList();
        String margin = ranked.stream().filter(r -> r.score() < best).findFirst()
                .map(next -> String.format(Locale.ROOT, " +%.1f%%", 100 * (best / next.score() - 1))).orElse("");
        String share = bare.completed() ? String.format(Locale.ROOT, "%.1f%% of bare", winners.getFirst().percentOfBareMetal())
                : "bare metal " + bare.status();
        return String.join(" = ", winners.stream().map(ScenarioResult::name).toList()) + margin + " (" + share + ")"
                + (notDone.isEmpty() ? "" : "; " + notDone) + livelock;
    }

    /**
     * The cell of a run recorded as {@code bench --format json} (the before column's model): scores come rounded to
     * 0.1, and a model that did not count restore runs per restore (bb4999e) names no livelock.
     */
    static String cell(JsonNode bench) {
        List<ScenarioResult> results = new ArrayList<>();
        for (JsonNode s : bench.get("scenarios")) {
            results.add(new ScenarioResult(s.get("name").asText(), number(s.get("score")), number(s.get("percentOfBareMetal")), 0, 0,
                    null, Map.of(), 0, new ScenarioResult.Pressure(0, 0, 0, s.path("pressure").path("restoreRunsPerRestore").asDouble(0)),
                    null, s.get("status").asText()));
        }
        return cell(results);
    }

    private static double number(JsonNode n) {
        return n == null || n.isNull() ? Double.NaN : n.asDouble();
    }

    @Test
    void theConclusionsTableIsWhatTheModelGives() throws IOException {
        String mode = System.getProperty("conclusions", "");
        boolean record = mode.equals("record");
        Map<String, String[]> doc = readTable();
        if (mode.equals("record-json")) {
            String[] dirs = {System.getProperty("conclusions.before"), System.getProperty("conclusions.after")};
            for (Conditions c : conditions()) {
                for (int col = 0; col < 2; col++) {
                    if (dirs[col] == null) continue;
                    Path f = Path.of(dirs[col]).resolve(c.file());
                    if (Files.exists(f) && Files.size(f) > 0) doc.get(c.key())[col] = cell(new ObjectMapper().readTree(f.toFile()));
                }
            }
            writeTable(doc);
            doc = readTable();
        }
        Map<String, String> after = new LinkedHashMap<>();
        Pattern rows = Pattern.compile(System.getProperty("conclusions.rows", ".*"));
        for (Conditions c : conditions()) {
            boolean recorded = record && rows.matcher(c.key()).matches();
            if (recorded || c.workload().equals("seed-opencl") && c.pressure() == 0 && c.guests() == 1) after.put(c.key(), afterCell(c));
        }
        if (record) {
            for (Map.Entry<String, String> e : after.entrySet()) doc.get(e.getKey())[1] = e.getValue();
            writeTable(doc);
            doc = readTable();
        }
        for (Map.Entry<String, String> e : after.entrySet()) {
            assertThat(doc).as("row %s in %s", e.getKey(), DOC).containsKey(e.getKey());
            assertThat(doc.get(e.getKey())[1]).as("after column of %s (record with -Dconclusions=record)", e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(doc).hasSize(conditions().size());
        for (Map.Entry<String, String[]> e : doc.entrySet()) {
            for (String cell : e.getValue()) assertThat(cell).as("a cell of %s", e.getKey()).matches(CELL);
        }
    }

    @Test
    void aStalledBareMetalLeavesTheWinnerWithoutAShareAndStalledScenariosWithoutARank() {
        assertThat(cell(List.of(result("bare-metal", "stalled", 500), result("per-range", "stalled", 30),
                result("batch", "completed", 2), result("batch-v4", "completed", 2), result("mremap", "aborted", 1))))
                .isEqualTo("batch = batch-v4 (bare metal stalled); per-range stalled, mremap aborted; restores livelock, up to 500 runs per restore")
                .matches(CELL);
    }

    @Test
    void conditionsBenchRefusesAreSaidToBeRefused() {
        // llm-7b at 1000 events/s with four guests: 1,427,744 events over the virtual-time budget
        assertThat(afterCell(new Conditions("llm-7b", 1000, 4, false))).isEqualTo("refused: more than 1,000,000 simulated events")
                .matches(CELL);
    }

    @Test
    void aTieIsJoinedAndTheMarginIsOverTheNextLowerScore() {
        assertThat(cell(List.of(result("bare-metal", "completed", 1), result("per-range", "completed", 1),
                result("batch", "completed", 1), result("batch-v4", "completed", 1), result("mremap", "completed", 1))))
                .isEqualTo("batch = batch-v4 +25.0% (90.0% of bare)").matches(CELL);
    }

    @Test
    void whenNothingCompletesTheCellSaysWhatStoppedIt() {
        assertThat(cell(List.of(result("bare-metal", "stalled", 400), result("batch", "stalled", 400))))
                .isEqualTo("every scenario stalled; restores livelock, up to 400 runs per restore").matches(CELL);
        assertThat(cell(List.of(result("bare-metal", "completed", 1), result("batch", "stalled", 1))))
                .isEqualTo("every virtualized scenario stalled").matches(CELL);
        assertThat(cell(List.of(result("bare-metal", "completed", 1), result("batch", "stalled", 1), result("mremap", "aborted", 1))))
                .isEqualTo("none finished: batch stalled, mremap aborted").matches(CELL);
    }

    /** A result with the scores a tie test needs: batch and batch-v4 90% of bare metal, the others 72%. */
    private static ScenarioResult result(String name, String status, double runsPerRestore) {
        boolean completed = status.equals("completed");
        double score = !completed ? Double.NaN : name.equals("bare-metal") ? 200_000 : name.startsWith("batch") ? 180_000 : 144_000;
        return new ScenarioResult(name, score, completed ? 100 * score / 200_000 : Double.NaN, 0, 0, null, Map.of(), 0,
                new ScenarioResult.Pressure(0, 0, 0, runsPerRestore), completed ? null : "no score", status);
    }

    /** The table's rows by their conditions: {before, after}. */
    private static Map<String, String[]> readTable() throws IOException {
        Map<String, String[]> rows = new LinkedHashMap<>();
        String text = Files.readString(DOC);
        int from = text.indexOf(BEGIN);
        int to = text.indexOf(END);
        assertThat(from).as("%s has the conclusions table", DOC).isNotNegative();
        for (String line : text.substring(from, to).lines().toList()) {
            String[] cells = line.split(" \\| ");
            if (cells.length != 6 || !line.startsWith("| ") || line.startsWith("| workload") || line.startsWith("|---")) continue;
            String key = cells[0] + " | " + cells[1] + " | " + cells[2] + " | " + cells[3] + " |";
            rows.put(key, new String[]{cells[4], cells[5].substring(0, cells[5].length() - 2)});
        }
        return rows;
    }

    private static void writeTable(Map<String, String[]> rows) throws IOException {
        StringBuilder sb = new StringBuilder(BEGIN).append("\n| workload | pressure (events/s) | guests | nested | before | after |\n")
                .append("|---|---|---|---|---|---|\n");
        for (Conditions c : conditions()) {
            String[] cells = rows.get(c.key());
            sb.append(c.key()).append(' ').append(cells[0]).append(" | ").append(cells[1]).append(" |\n");
        }
        String text = Files.readString(DOC);
        int from = text.indexOf(BEGIN);
        int to = text.indexOf(END);
        Files.writeString(DOC, text.substring(0, from) + sb + text.substring(to));
    }
}
