package dev.scatterbatch.app;

import dev.scatterbatch.app.html.HtmlReport;
import dev.scatterbatch.model.cost.ConfigException;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code --report FILE.html}: where a command writes its HTML report, and the command line the report names. */
final class ReportFile {

    private ReportFile() {
    }

    /** The command line as typed, for the report's parameters. */
    static String command(CommandSpec spec) {
        return spec.qualifiedName(" ") + " " + String.join(" ", spec.commandLine().getParseResult().expandedArgs());
    }

    /** Writes {@code html} to {@code file}, creating its folder; returns the file. */
    static Path write(Path file, HtmlReport html) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Files.writeString(file, html.render());
            return file;
        } catch (IOException e) {
            throw new ConfigException("--report " + file + ": cannot write it (" + e.getMessage() + ")");
        }
    }
}
