package dev.scatterbatch.app.cluster;

import dev.scatterbatch.app.Main;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * examples/cluster/docker-compose.yml, checked without a Docker engine: every service's command, as its entrypoint
 * passes it to the launcher, is a command line scatterbatch's own parser accepts, and the members find each other
 * (one host with its guests, one coordinator with its workers) at the names, ports and cluster names they announce,
 * as docs/cluster.md describes them.
 */
class ComposeExampleTest {

    private static final Path ROOT = Path.of("..");
    private static final Path COMPOSE = ROOT.resolve("examples/cluster/docker-compose.yml");
    /** The address the stub {@code hostname -i} gives, as a container on a compose network would. */
    private static final String CONTAINER_ADDRESS = "172.18.0.5";

    private static Map<String, Map<String, Object>> services;
    /** Each service's arguments to {@code ./scatterbatch}, as its entrypoint passes them. */
    private static final Map<String, List<String>> ARGS = new LinkedHashMap<>();
    /** Each service's arguments parsed by scatterbatch's command line. */
    private static final Map<String, ParseResult> PARSED = new LinkedHashMap<>();

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void parseEveryServicesCommandAsItsEntrypointRunsIt(@TempDir Path bin) throws Exception {
        // SnakeYAML (under Jackson's YAML) resolves the << merge of the shared x-scatterbatch block as compose does
        Map<String, Object> compose = new Yaml().load(Files.readString(COMPOSE));
        services = (Map<String, Map<String, Object>>) (Map<?, ?>) compose.get("services");
        stub(bin.resolve("scatterbatch"), "for a in \"$@\"; do printf '%s\\n' \"$a\"; done");
        stub(bin.resolve("hostname"), "[ \"$1\" = -i ] && echo '" + CONTAINER_ADDRESS + " fd00::5'");
        for (Map.Entry<String, Map<String, Object>> s : services.entrySet()) {
            List<String> args = entrypoint(bin, (List<String>) s.getValue().get("entrypoint"), (List<String>) s.getValue().get("command"));
            ARGS.put(s.getKey(), args);
            PARSED.put(s.getKey(), new CommandLine(new Main()).parseArgs(args.toArray(String[]::new)));
        }
    }

    @Test
    void oneHostTwoGuestsOneCoordinatorAndTwoWorkersEachAnnouncingItsContainerAddress() {
        Map<String, List<String>> byCommand = new LinkedHashMap<>();
        PARSED.forEach((service, parsed) -> byCommand.computeIfAbsent(parsed.subcommand().commandSpec().name(), c -> new ArrayList<>()).add(service));
        assertThat(byCommand).containsOnlyKeys("host", "guest", "sweep", "worker");
        assertThat(byCommand.get("host")).hasSize(1);
        assertThat(byCommand.get("guest")).hasSize(2);
        assertThat(byCommand.get("sweep")).hasSize(1);
        assertThat(byCommand.get("worker")).hasSize(2);
        ARGS.forEach((service, args) -> assertThat(args.subList(args.size() - 2, args.size())).as(service)
                .containsExactly("--cluster-host", CONTAINER_ADDRESS));
    }

    @Test
    void theGuestsJoinTheHostAtItsServiceNameAndClusterPortAsGuestsZeroToNMinusOne() {
        ParseResult host = sub("host");
        int guests = host.matchedOptionValue("--guests", 0);
        String port = String.valueOf(host.<Integer>matchedOptionValue("--cluster-port", null));
        String name = host.matchedOptionValue("--cluster-name", "");
        Set<Integer> ids = new TreeSet<>();
        for (String guest : servicesRunning("guest")) {
            ParseResult g = sub(guest);
            assertThat(g.<String>matchedOptionValue("--join", "")).as(guest).isEqualTo("host:" + port);
            assertThat(g.<String>matchedOptionValue("--cluster-name", "")).as(guest).isEqualTo(name);
            assertThat(ids.add(g.matchedOptionValue("--guest-id", -1))).as(guest + "'s id is its own").isTrue();
            assertThat(dependsOn(guest)).contains("host");
        }
        assertThat(ids).containsExactlyElementsOf(IntStream.range(0, guests).boxed().toList());
        assertThat(port).as("docs/cluster.md: the host's cluster port is 5701").isEqualTo("5701");
    }

    @Test
    void theWorkersJoinTheCoordinatorAtItsServiceNameAndPortInAClusterOfTheirOwn() {
        String coordinator = servicesRunning("sweep").getFirst();
        ParseResult sweep = sub(coordinator);
        String at = sweep.matchedOptionValue("--cluster", "");
        String port = at.substring(at.lastIndexOf(':') + 1);
        String name = sweep.matchedOptionValue("--cluster-name", "");
        assertThat(name).as("one cluster name per experiment").isNotEqualTo(sub("host").matchedOptionValue("--cluster-name", ""));
        for (String worker : servicesRunning("worker")) {
            ParseResult w = sub(worker);
            assertThat(w.<String>matchedOptionValue("--join", "")).as(worker).isEqualTo(coordinator + ":" + port);
            assertThat(w.<String>matchedOptionValue("--cluster-name", "")).as(worker).isEqualTo(name);
            assertThat(dependsOn(worker)).contains(coordinator);
        }
        String out = sweep.matchedOptionValue("--out", Path.of("")).toString();
        assertThat(volumes(coordinator)).as("the sweep's --out is a mounted folder").anyMatch(v -> v.endsWith(":" + out));
    }

    @Test
    void theServingHostPublishesItsHttpPortRequiresATokenAndIsTheOneTheDocsCurl() throws IOException {
        ParseResult host = sub("host");
        assertThat(host.<Boolean>matchedOptionValue("--serve", false)).isTrue();
        int http = host.matchedOptionValue("--port", 0);
        assertThat(host.<String>matchedOptionValue("--bind", "")).isEqualTo("0.0.0.0");
        // bound beyond loopback, serve refuses to start without a token
        assertThat(services.get("host").get("environment")).asString().contains("SCATTERBATCH_TOKEN");
        assertThat(services.get("host").get("ports")).asInstanceOf(InstanceOfAssertFactories.LIST).containsExactly(http + ":" + http);
        String docs = Files.readString(ROOT.resolve("docs/cluster.md"));
        assertThat(docs).contains("(../examples/cluster/docker-compose.yml)", "curl localhost:" + http + "/health");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyServiceIsBuiltFromTheRepositoryWithADockerfileThatExists() {
        for (Map.Entry<String, Map<String, Object>> s : services.entrySet()) {
            Map<String, Object> build = (Map<String, Object>) s.getValue().get("build");
            Path context = COMPOSE.getParent().resolve((String) build.get("context")).normalize();
            assertThat(context.resolve("scatterbatch")).as(s.getKey() + ": the launcher in the build context").isRegularFile();
            assertThat(context.resolve((String) build.get("dockerfile"))).as(s.getKey()).isRegularFile();
        }
    }

    private static ParseResult sub(String service) {
        return PARSED.get(service).subcommand();
    }

    private static List<String> servicesRunning(String command) {
        return PARSED.entrySet().stream().filter(e -> e.getValue().subcommand().commandSpec().name().equals(command))
                .map(Map.Entry::getKey).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<String> dependsOn(String service) {
        return (List<String>) services.get(service).getOrDefault("depends_on", List.of());
    }

    @SuppressWarnings("unchecked")
    private static List<String> volumes(String service) {
        return (List<String>) services.get(service).getOrDefault("volumes", List.of());
    }

    /**
     * What {@code entrypoint} (an {@code sh -c} script, compose's {@code $$} an escaped {@code $}) passes to
     * {@code ./scatterbatch} when the container runs {@code command}: run by sh in {@code bin}, where stubs stand for the
     * launcher and for {@code hostname}.
     */
    private static List<String> entrypoint(Path bin, List<String> entrypoint, List<String> command) throws Exception {
        assertThat(entrypoint).hasSize(4);
        assertThat(entrypoint.subList(0, 2)).containsExactly("sh", "-c");
        List<String> argv = new ArrayList<>(List.of("sh", "-c", entrypoint.get(2).replace("$$", "$"), entrypoint.get(3)));
        argv.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(argv).directory(bin.toFile()).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":" + pb.environment().getOrDefault("PATH", "/usr/bin:/bin"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().toList();
    }

    private static void stub(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
