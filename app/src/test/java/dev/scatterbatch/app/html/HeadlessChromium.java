package dev.scatterbatch.app.html;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium} run headless on a local file, bounded in time and killed by pid (with its children) when
 * it overruns: no network, a fresh profile folder per run.
 */
final class HeadlessChromium {

    /** Generous: a cold start on a loaded two-core machine takes seconds. */
    private static final long TIMEOUT_SECONDS = 120;

    private HeadlessChromium() {
    }

    /** What a run printed. */
    record Run(int exitCode, String stdout, String stderr) {
    }

    /** The chromium binary, or a failure saying how to install it. */
    static String binary() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(candidate))) return candidate;
        }
        throw new AssertionError("headless Chromium is needed to check the HTML report: apt-get install -y chromium (.ci/run does)");
    }

    /** Runs chromium on {@code page} with {@code action} ({@code --dump-dom}, {@code --screenshot=...}) in {@code work}. */
    static Run run(Path page, Path work, String... action) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(work, "chromium-profile");
        List<String> cmd = new ArrayList<>(List.of(binary(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--disable-dev-shm-usage", "--enable-logging=stderr", "--v=0",
                "--user-data-dir=" + profile, "--virtual-time-budget=10000"));
        cmd.addAll(List.of(action));
        cmd.add(page.toUri().toString());
        Path out = work.resolve("chromium-" + System.nanoTime() + ".out");
        Path err = work.resolve("chromium-" + System.nanoTime() + ".err");
        Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("chromium did not finish within " + TIMEOUT_SECONDS + " s: " + String.join(" ", cmd));
            }
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            // its renderer and zygote processes too, by pid: never by name
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
