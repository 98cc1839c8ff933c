package dev.scatterbatch.app.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scatterbatch.app.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The tuning page in Debian's headless Chromium against a {@code serve} in its own process: a change through a
 * control reaches the model and moves the score shown, a refused value shows the server's error and changes
 * nothing, every request stays on loopback, and the console stays clean. Serve, chromedriver and the browser are
 * stopped by their process ids whatever happens. Saves a screenshot to {@code target/tuning-page/}.
 */
class TuningPageBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern SERVING = Pattern.compile("serving (http://127\\.0\\.0\\.1:\\d+/) ");

    private final List<ProcessHandle> started = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();
    private Process serve;
    private ChromeDriver browser;
    private ChromeDriverService driverService;
    private Path profileDir;

    @AfterEach
    void stopEverythingByProcessId() throws IOException, InterruptedException {
        try {
            if (browser != null) browser.quit();
        } finally {
            if (driverService != null) driverService.stop();
            // whatever quit and stop left behind: chromedriver, chromium and its helpers, then serve
            for (ProcessHandle p : started) p.descendants().forEach(ProcessHandle::destroyForcibly);
            started.forEach(ProcessHandle::destroyForcibly);
            if (serve != null) {
                serve.destroy();
                if (!serve.waitFor(20, TimeUnit.SECONDS)) serve.destroyForcibly();
            }
            if (profileDir != null) deleteTree(profileDir);
        }
    }

    @Test
    @Timeout(300)
    void changingKfdAllocFixedThroughItsControlMovesThePerRangeScoreARefusedValueChangesNothingAndResetRestoresTheProfile() throws Exception {
        URI base = startServe();
        browser = startBrowser();
        browser.get(base.toString());
        WebDriverWait wait = new WebDriverWait(browser, WAIT, Duration.ofMillis(200));
        wait.ignoring(StaleElementReferenceException.class);  // the page redraws parts of itself as it polls

        wait.until(d -> number(d.findElement(By.id("score-per-range")).getText()) > 0);
        WebElement input = browser.findElement(By.id("input-kfdAllocFixed"));
        assertThat(input.getDomProperty("value")).isEqualTo("14");
        assertThat(new Select(browser.findElement(By.id("unit-kfdAllocFixed"))).getFirstSelectedOption().getText()).isEqualTo("us");
        assertThat(browser.findElement(By.id("input-splitLocation")).getTagName()).as("every parameter is live").isEqualTo("select");
        double before = settledScore(wait);

        type(input, "40");

        wait.until(d -> param(base, "kfdAllocFixed").equals("40us"));
        assertThat(input.getDomProperty("value")).isEqualTo("40");
        assertThat(browser.findElement(By.id("param-kfdAllocFixed")).getDomAttribute("class")).contains("changed");
        wait.until(d -> number(d.findElement(By.id("score-per-range")).getText()) < 0.85 * before);
        double after = settledScore(wait);
        assertThat(after / before).as("per-range score %s -> %s: 2000 ALLOCs 26 us dearer on a 123.8 ms iteration give 56,250 / 79,895", before, after)
                .isBetween(0.68, 0.74);
        // the page redraws its change list as it polls: read the items afresh until the change shows
        wait.until(d -> d.findElements(By.cssSelector("#changes li")).stream().anyMatch(li -> li.getText().contains("kfdAllocFixed 14us -> 40us")));
        Path screenshot = Path.of("target", "tuning-page", "tuning-page.png");
        Files.createDirectories(screenshot.getParent());
        Files.write(screenshot, browser.getScreenshotAs(OutputType.BYTES));

        String paramsBefore = get(base.resolve("/api/params"));
        type(input, "-4");

        WebElement error = browser.findElement(By.id("error-kfdAllocFixed"));
        wait.until(d -> !error.getText().isEmpty());
        assertThat(error.getText()).contains("kfdAllocFixed = -4us is out of range: allowed 0ns to 100ms");
        assertThat(get(base.resolve("/api/params"))).isEqualTo(paramsBefore);

        browser.findElement(By.id("reset")).click();
        wait.until(d -> param(base, "kfdAllocFixed").equals("14us"));
        wait.until(d -> error.getText().isEmpty() && "14".equals(input.getDomProperty("value")));

        // chrome://, chrome-untrusted:// and data: URLs are the browser's own (its new-tab page); anything on the network must be serve
        assertThat(requestedUrls()).filteredOn(TuningPageBrowserTest::onTheNetwork)
                .contains(base.toString(), base.resolve("/api/live").toString())
                .allSatisfy(url -> assertThat(url).startsWith(base.toString()));
        assertThat(browser.manage().logs().get(LogType.BROWSER).getAll())
                .filteredOn(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                .filteredOn(e -> !isTheRefusedPut(e))
                .extracting(LogEntry::getMessage).isEmpty();
    }

    /** A URL the page fetched over the network (http, https, ws, wss), not one of the browser's own pages. */
    private static boolean onTheNetwork(String url) {
        return url.matches("(?i)(https?|wss?)://.*");
    }

    @Test
    @Timeout(300)
    void withATokenThePageIsReadOnlyUntilTheTokenIsGivenThenSendsItWithEveryPut() throws Exception {
        URI base = startServe("--scenarios", "per-range", "--token", "s3cret");
        browser = startBrowser();
        browser.get(base.toString());
        WebDriverWait wait = new WebDriverWait(browser, WAIT, Duration.ofMillis(200));
        wait.ignoring(StaleElementReferenceException.class);  // the page redraws parts of itself as it polls
        wait.until(d -> !d.findElements(By.id("input-faultPerPage")).isEmpty());
        WebElement faultPerPage = browser.findElement(By.id("input-faultPerPage"));

        assertThat(browser.findElement(By.id("token-box")).isDisplayed()).isTrue();
        assertThat(faultPerPage.isEnabled()).as("read-only without the token").isFalse();
        assertThat(browser.findElement(By.id("reset")).isEnabled()).isFalse();

        browser.findElement(By.id("token")).sendKeys("s3cret");
        browser.findElement(By.id("token-use")).click();
        assertThat(faultPerPage.isEnabled()).isTrue();
        type(faultPerPage, "500");

        wait.until(d -> param(base, "faultPerPage").equals("500ns"));
        assertThat(browser.findElement(By.id("token-box")).isDisplayed()).isFalse();
    }

    /** Chrome reports every answer of status 400 and above as a failed load; the refused PUT is expected. */
    private static boolean isTheRefusedPut(LogEntry e) {
        return e.getMessage().contains("/api/params - Failed to load resource: the server responded with a status of 400");
    }

    /** The per-range score once it has stopped moving (two readings a score window apart agree within 1 %). */
    private double settledScore(WebDriverWait wait) {
        double[] last = {-1};
        wait.until(d -> {
            double now = number(d.findElement(By.id("score-per-range")).getText());
            boolean settled = Math.abs(now - last[0]) < 0.01 * now;
            last[0] = now;
            if (!settled) sleep(2_500);
            return settled;
        });
        return last[0];
    }

    private static void type(WebElement input, String text) {
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        input.sendKeys(text, Keys.TAB);
    }

    private static double number(String shown) {
        String digits = shown.replace(",", "");
        return digits.matches("\\d+(\\.\\d+)?") ? Double.parseDouble(digits) : -1;
    }

    private URI startServe(String... extraArgs) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve", "--port", "0", "--speed", "2", "--iterations", "3"));
        command.addAll(List.of(extraArgs));
        serve = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<URI> url = new CompletableFuture<>();
        StringBuilder log = new StringBuilder();
        Thread.ofPlatform().daemon().name("serve-output").start(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    synchronized (log) { log.append(line).append('\n'); }
                    Matcher m = SERVING.matcher(line);
                    if (m.find()) url.complete(URI.create(m.group(1)));
                }
            } catch (IOException e) {
                // serve was stopped
            }
            url.completeExceptionally(new IllegalStateException("serve ended before it listened"));
        });
        try {
            return url.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            synchronized (log) {
                return fail("serve did not start: " + e + "\n" + log);
            }
        }
    }

    private ChromeDriver startBrowser() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("this test needs Debian's chromium and chromium-driver: apt-get install -y chromium chromium-driver "
                    + "(.ci/run installs them)");
        }
        profileDir = Files.createTempDirectory("scatterbatch-chromium");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profileDir);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        driverService = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(driverService, options);
        ProcessHandle.current().children().filter(p -> p.info().command().map(c -> c.contains("chromedriver")).orElse(false))
                .forEach(chromedriver -> {
                    started.add(chromedriver);
                    chromedriver.descendants().forEach(started::add);
                });
        return driver;
    }

    /** Every URL the page requested, from Chrome's network events. */
    private List<String> requestedUrls() {
        List<String> urls = new ArrayList<>();
        for (LogEntry e : browser.manage().logs().get(LogType.PERFORMANCE)) {
            try {
                JsonNode message = json.readTree(e.getMessage()).path("message");
                if (message.path("method").asText().equals("Network.requestWillBeSent")) {
                    urls.add(message.path("params").path("request").path("url").asText());
                }
            } catch (IOException ex) {
                throw new IllegalStateException("unreadable performance log entry: " + e.getMessage(), ex);
            }
        }
        return urls;
    }

    private String param(URI base, String name) {
        try {
            return json.readTree(get(base.resolve("/api/params"))).path(name).asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String get(URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new IllegalStateException("GET " + uri + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).map(Path::toFile).forEach(File::delete);
        }
    }
}
