package dev.scatterbatch.app;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class HelpTest {

    @Test
    void helpWithoutACommandPrintsTheTopLevelHelp() {
        CliRunner r = CliRunner.run("help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("Usage: scatterbatch [-hV] [COMMAND]")
                .contains("  bench      Runs the virtualized benchmark", "where the iteration time goes.", "  help       ");
    }

    @Test
    void noArgumentsPrintTheTopLevelHelpToTheCommandsOutput() {
        CliRunner r = CliRunner.run();
        assertThat(r.out()).startsWith("Usage: scatterbatch [-hV] [COMMAND]");
    }

    @Test
    void aBadOptionPointsToTheHelpOfTheCommandItWasGivenTo() {
        assertThat(CliRunner.run("--bogus").err()).contains("(try: scatterbatch --help)").doesNotContain("scatterbatch scatterbatch");
        assertThat(CliRunner.run("bench", "--bogus").err()).contains("(try: scatterbatch bench --help)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "bench", "replay", "serve", "params", "probe-kvm", "sweep", "calibrate"})
    void helpWrapsAtWholeWordsWithinEightyColumns(String command) {
        String[] args = command.isEmpty() ? new String[]{"--help"} : new String[]{command, "--help"};
        String help = CliRunner.run(args).out();

        assertThat(help.lines()).allSatisfy(line -> assertThat(line.length() <= HelpLayout.WIDTH || !line.strip().contains(" "))
                .as("%d columns: %s", line.length(), line).isTrue());
        // picocli's own wrapping split words after hyphens, and "(sweep-score.png/.svg," after its dot
        assertThat(help.lines()).noneMatch(line -> line.matches(".*[A-Za-z]-$"));
        if (command.isEmpty() || command.equals("sweep")) assertThat(help).contains("(sweep-score.png/.svg,");
    }

    @Test
    void aLongDescriptionBreaksOnlyAtSpacesAndKeepsItsHangingIndent() {
        String line = "  sweep      Runs the benchmark over a grid; writes sweep.csv and charts against the first --vary "
                + "(sweep-score.png/.svg, sweep-percent.png/.svg; one panel per value).";
        String wrapped = HelpLayout.wrap(line);

        assertThat(Arrays.asList(wrapped.split("\\s+"))).isEqualTo(Arrays.asList(line.split("\\s+")));
        assertThat(wrapped.lines().skip(1)).allSatisfy(l -> assertThat(l).startsWith(" ".repeat(15)).doesNotStartWith(" ".repeat(16)));
        assertThat(wrapped.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(HelpLayout.WIDTH));
    }
}
