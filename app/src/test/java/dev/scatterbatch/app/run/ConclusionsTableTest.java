package dev.scatterbatch.app.run;

import dev.scatterbatch.app.report.BenchReport;
import dev.scatterbatch.app.report.ScenarioResult;
import dev.scatterbatch.guest.workload.WorkloadLoader;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conclusions table of docs/model-mechanisms.md: for each workload, pressure, guest count and nesting, which
 * virtualized scenario wins, by how much over the runner-up, and how close it gets to bare metal under the same
 * conditions. The "after" column is the model's; the "before" column, recorded from the model before the
 * mechanisms, is kept as written. Every run checks the single-guest seed-opencl rows without pressure (cheap);
 * with {@code -Dconclusions=record} the test computes every row and rewrites the after column (a long run: the rows
 * at 1000 events/s simulate restore livelocks).
 */
class ConclusionsTableTest {

    private static final Path DOC = Path.of("..", "docs", "model-mechanisms.md");
    static final String BEGIN = "<!-- conclusions table: ConclusionsTableTest checks it; -Dconclusions=record rewrites the after column -->";
    static final String END = "<!-- end of conclusions table -->";
    private static final List<Scenario> VIRTUALIZED = List.of(Scenario.PER_RANGE, Scenario.BATCH, Scenario.BATCH_V4, Scenario.MREMAP);

    /** One row: the conditions. */
    record Conditions(String workload, int pressure, int guests, boolean nested) {
        String key() {
            return "| " + workload + " | " + pressure + " | " + guests + " | " + (nested ? "on" : "off") + " |";
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

    /** The after cell of {@code c}: the winner, its margin over the runner-up and its share of bare metal. */
    static String afterCell(Conditions c) {
        TrapCostProfile p = c.nested() ? ProfileLoader.load("nested") : TrapCostProfile.defaults();
        WorldSpec base = new WorldSpec(Scenario.BARE_METAL, p, WorkloadLoader.load(c.workload()), 42, c.guests(), c.iterations(),
                WorldSpec.DEFAULT_HOST_RAM, c.pressure());
        List<Scenario> all = new ArrayList<>(VIRTUALIZED);
        all.addFirst(Scenario.BARE_METAL);
        BenchReport report = Benchmark.run(base, all, Transport.DIRECT, i -> { });
        return cell(report.scenarios());
    }

    static String cell(List<ScenarioResult> results) {
        List<ScenarioResult> ranked = results.stream().filter(r -> !r.name().equals(Scenario.BARE_METAL.key()) && r.error() == null)
                .sorted(Comparator.comparingDouble(ScenarioResult::score).reversed()).toList();
        double runs = results.stream().mapToDouble(r -> r.pressure().runsPerRestore()).max().orElse(0);
        String livelock = runs > 10 ? String.format(Locale.ROOT, "; restores livelock, up to %.0f runs per restore", runs) : "";
        if (ranked.isEmpty()) return "none finished" + livelock;
        ScenarioResult win = ranked.getFirst();
        String margin = ranked.size() > 1 ? String.format(Locale.ROOT, " +%.1f%%", 100 * (win.score() / ranked.get(1).score() - 1)) : "";
        return String.format(Locale.ROOT, "%s%s (%.1f%% of bare)%s", win.name(), margin, win.percentOfBareMetal(), livelock);
    }

    @Test
    void theConclusionsTableIsWhatTheModelGives() throws IOException {
        boolean record = "record".equals(System.getProperty("conclusions"));
        Map<String, String[]> doc = readTable();
        Map<String, String> after = new LinkedHashMap<>();
        for (Conditions c : conditions()) {
            if (record || c.workload().equals("seed-opencl") && c.pressure() == 0 && c.guests() == 1) after.put(c.key(), afterCell(c));
        }
        if (record) {
            writeTable(doc, after);
            doc = readTable();
        }
        for (Map.Entry<String, String> e : after.entrySet()) {
            assertThat(doc).as("row %s in %s", e.getKey(), DOC).containsKey(e.getKey());
            assertThat(doc.get(e.getKey())[1]).as("after column of %s (record with -Dconclusions=record)", e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(doc).hasSize(conditions().size());
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

    private static void writeTable(Map<String, String[]> old, Map<String, String> after) throws IOException {
        StringBuilder sb = new StringBuilder(BEGIN).append("\n| workload | pressure (events/s) | guests | nested | before | after |\n")
                .append("|---|---|---|---|---|---|\n");
        for (Conditions c : conditions()) {
            String before = old.containsKey(c.key()) ? old.get(c.key())[0] : "?";
            sb.append(c.key()).append(' ').append(before).append(" | ").append(after.get(c.key())).append(" |\n");
        }
        String text = Files.readString(DOC);
        int from = text.indexOf(BEGIN);
        int to = text.indexOf(END);
        Files.writeString(DOC, text.substring(0, from) + sb + text.substring(to));
    }
}
