package dev.scatterbatch.app;

import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.IHelpSectionRenderer;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Help text wrapped at whole words. picocli wraps with a line {@link java.text.BreakIterator}, which also breaks
 * after hyphens and dots ({@code sweep-score.} / {@code png}); here every section is rendered unwrapped and then
 * wrapped at spaces only, keeping picocli's hanging indents.
 */
final class HelpLayout {

    /** The width help is wrapped to. */
    static final int WIDTH = 80;
    /** Wide enough that picocli itself never wraps. */
    private static final int UNWRAPPED = 10_000;
    /** Continuation lines of a two-column entry are indented this much under its description, as picocli does. */
    private static final int CONTINUATION_INDENT = 2;
    /** A two-column entry: the first column, at least two spaces, then the description. */
    private static final Pattern TWO_COLUMNS = Pattern.compile("^(\\s*\\S.*?\\s{2,})\\S");
    /** A synopsis: the command's qualified name, then its options and parameters. */
    private static final Pattern SYNOPSIS = Pattern.compile("^(\\s*\\S+(?: [a-z][a-z-]*)* )");

    private HelpLayout() {
    }

    /** Makes {@code cli} and all its subcommands print help wrapped at whole words, without colours. */
    static void apply(CommandLine cli) {
        cli.setColorScheme(CommandLine.Help.defaultColorScheme(Ansi.OFF));
        cli.setUsageHelpWidth(UNWRAPPED);
        Map<String, IHelpSectionRenderer> sections = cli.getHelpSectionMap();
        sections.replaceAll((key, renderer) -> key.equals(CommandLine.Model.UsageMessageSpec.SECTION_KEY_SYNOPSIS)
                ? help -> synopsis(renderer.render(help), help.synopsisHeadingLength())
                : help -> wrap(renderer.render(help)));
        cli.setHelpSectionMap(sections);
        cli.getSubcommands().values().stream().distinct().forEach(HelpLayout::apply);
    }

    /** {@code text} wrapped to {@link #WIDTH} columns at spaces; a word longer than a line stands alone on one. */
    static String wrap(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (!out.isEmpty()) out.append('\n');
            wrapLine(line, out);
        }
        return out.toString();
    }

    /**
     * A synopsis printed after a heading of {@code headingLength} columns ({@code Usage: }): continuation lines
     * start under the first option, as picocli puts them.
     */
    static String synopsis(String text, int headingLength) {
        // picocli wraps the synopsis itself, whatever the width: join it into one line first
        String indented = " ".repeat(headingLength) + text.strip().replaceAll("\\s*\\R\\s*", " ");
        Matcher command = SYNOPSIS.matcher(indented);
        StringBuilder out = new StringBuilder();
        wrapLine(indented, command.find() ? command.group(1).length() : headingLength, out);
        return out.substring(headingLength) + System.lineSeparator();
    }

    private static void wrapLine(String line, StringBuilder out) {
        wrapLine(line, hangingIndent(line), out);
    }

    private static void wrapLine(String line, int hang, StringBuilder out) {
        if (line.length() <= WIDTH) {
            out.append(line);
            return;
        }
        int lineStart = out.length();
        int column = 0;
        int i = 0;
        while (i < line.length()) {
            int wordEnd = line.indexOf(' ', i);
            if (wordEnd < 0) wordEnd = line.length();
            String word = line.substring(i, wordEnd);
            if (column > hang && column + 1 + word.length() > WIDTH && !word.isEmpty()) {
                trimTrailingSpaces(out, lineStart);
                out.append('\n').append(" ".repeat(hang));
                lineStart = out.length() - hang;
                column = hang;
            } else if (i > 0) {
                out.append(' ');
                column++;
            }
            out.append(word);
            column += word.length();
            i = wordEnd + 1;
        }
        trimTrailingSpaces(out, lineStart);
    }

    /** Where continuation lines start: under a two-column entry's description (plus 2), else at the line's indent. */
    private static int hangingIndent(String line) {
        Matcher columns = TWO_COLUMNS.matcher(line);
        if (columns.find()) return columns.group(1).length() + CONTINUATION_INDENT;
        int indent = 0;
        while (indent < line.length() && line.charAt(indent) == ' ') indent++;
        return indent;
    }

    private static void trimTrailingSpaces(StringBuilder out, int from) {
        int end = out.length();
        while (end > from && out.charAt(end - 1) == ' ') end--;
        out.setLength(end);
    }
}
