package dev.scatterbatch.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the {@code scatterbatch} launcher script from a copy of the checkout's layout, through a symlink in another
 * folder, as a user who links it into {@code ~/bin} does. The copy's jar is a manifest pointing at this test's
 * class path, so the launcher runs the real command line without building anything.
 */
class LauncherTest {

    @Test
    void theLauncherCalledThroughASymlinkRunsTheCheckoutItLivesIn(@TempDir Path dir) throws IOException, InterruptedException {
        Path checkout = Files.createDirectories(dir.resolve("checkout"));
        Path launcher = checkout.resolve("scatterbatch");
        Files.copy(Path.of("..", "scatterbatch"), launcher);
        launcher.toFile().setExecutable(true);
        writeManifestJar(Files.createDirectories(checkout.resolve("app/target")).resolve("scatterbatch.jar"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path link = Files.createSymbolicLink(bin.resolve("scatterbatch"), launcher);

        ProcessBuilder pb = new ProcessBuilder(link.toString(), "--version").directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the launcher finished").isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(output).as(output).contains("scatterbatch 0.1.0").doesNotContain("building");
        assertThat(p.exitValue()).isZero();
        assertThat(bin).isDirectoryNotContaining(path -> !path.equals(link));
    }

    /** A jar with no classes of its own: its manifest runs {@link Main} from this JVM's class path. */
    private static void writeManifestJar(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toUri().toString())
                .collect(Collectors.joining(" ")));
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            // the manifest is the whole jar
        }
    }
}
