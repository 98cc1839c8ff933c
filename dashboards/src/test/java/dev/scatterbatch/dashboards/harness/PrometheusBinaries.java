package dev.scatterbatch.dashboards.harness;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds Debian's {@code prometheus} and {@code promtool}: on the PATH, else unpacked in the repository's
 * {@code .tools/prometheus/usr/bin} (where {@code ./scatterbatch test} and {@code .ci/run} put them).
 */
public final class PrometheusBinaries {

    /** Where the launcher and CI unpack Debian's prometheus package, relative to the repository root. */
    public static final Path TOOLS_BIN = Path.of(".tools", "prometheus", "usr", "bin");

    private PrometheusBinaries() {
    }

    /** The {@code promtool} executable. */
    public static Path promtool() {
        return find("promtool");
    }

    /** The {@code prometheus} server executable. */
    public static Path prometheus() {
        return find("prometheus");
    }

    /**
     * The executable {@code name}.
     *
     * @throws AssertionError (so the test fails rather than skips) saying how to get it
     */
    static Path find(String name) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) return candidate;
            }
        }
        for (Path dir = DashboardJson.moduleDirectory(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(TOOLS_BIN).resolve(name);
            if (Files.isExecutable(candidate)) return candidate;
        }
        throw new AssertionError(name + " was not found on the PATH nor in <repository>/" + TOOLS_BIN
                + ". The Prometheus tests need it: run ./scatterbatch test or .ci/run, which fetch Debian's prometheus "
                + "package into .tools/ (by hand: cd .tools && apt-get download prometheus && dpkg-deb -x "
                + "prometheus_*.deb prometheus).");
    }
}
