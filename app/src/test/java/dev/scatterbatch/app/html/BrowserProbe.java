package dev.scatterbatch.app.html;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens a report in headless Chromium twice: once as a copy with a probe script that measures every chart as laid out
 * and records page errors (the report itself has no script), once as it is, for a screenshot.
 */
public final class BrowserProbe {

    /** Runs first in the page: records errors (resource loads included), then measures each chart once loaded. */
    private static final String PROBE = """
            <script>
            window.probeErrors = [];
            window.addEventListener('error', e => probeErrors.push(String(e.message || (e.target && (e.target.src || e.target.href)))), true);
            const consoleError = console.error;
            console.error = (...a) => { probeErrors.push(a.join(' ')); consoleError(...a); };
            window.addEventListener('load', () => {
              const charts = [...document.querySelectorAll('figure[data-chart]')].map(f => {
                const svg = f.querySelector('svg');
                const r = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
                const bb = svg ? svg.getBBox() : {width: 0, height: 0};
                return {name: f.dataset.chart, width: Math.round(r.width), height: Math.round(r.height),
                        expectedWidth: +f.dataset.width, expectedHeight: +f.dataset.height,
                        shapes: svg ? svg.querySelectorAll('path,rect,text,line,polyline,polygon,ellipse,circle').length : 0,
                        drawnWidth: Math.round(bb.width), drawnHeight: Math.round(bb.height)};
              });
              const p = document.createElement('pre');
              p.id = 'probe';
              p.textContent = JSON.stringify({charts: charts, errors: probeErrors});
              document.body.appendChild(p);
            });
            </script>
            """;
    private static final Pattern PROBE_OUTPUT = Pattern.compile("<pre id=\"probe\">(.*?)</pre>", Pattern.DOTALL);
    private static final Pattern CONSOLE_ERROR = Pattern.compile(".*(CONSOLE.*(Error|Uncaught)|:ERROR:CONSOLE).*");

    private BrowserProbe() {
    }

    /**
     * What the browser saw.
     *
     * @param json                       the probe's {@code {charts: [...], errors: [...]}}
     * @param consoleErrors              console error lines Chromium logged for the page as it is
     * @param screenshotDistinctColours  distinct colours in the screenshot
     * @param screenshotInkShare         share of its pixels that are not white
     */
    public record Result(String json, List<String> consoleErrors, int screenshotDistinctColours, double screenshotInkShare) {
    }

    /** Opens {@code report} (a copy with the probe in {@code work}), then screenshots the report itself. */
    public static Result open(Path report, Path work) throws Exception {
        String html = Files.readString(report);
        Path probed = work.resolve("probed-" + report.getFileName());
        Files.writeString(probed, html.replaceFirst("<head>", "<head>" + Matcher.quoteReplacement(PROBE)));
        HeadlessChromium.Run dom = HeadlessChromium.run(probed, work, "--dump-dom");
        Matcher m = PROBE_OUTPUT.matcher(dom.stdout());
        if (!m.find()) throw new AssertionError("chromium printed no probe result; stderr: " + dom.stderr());
        String json = m.group(1).replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        Path shot = work.resolve("screenshot-" + report.getFileName() + ".png");
        HeadlessChromium.Run run = HeadlessChromium.run(report, work, "--screenshot=" + shot, "--window-size=1200,2400",
                "--hide-scrollbars");
        List<String> consoleErrors = new ArrayList<>();
        for (String line : run.stderr().split("\n")) if (CONSOLE_ERROR.matcher(line).matches()) consoleErrors.add(line);
        if (!Files.isRegularFile(shot)) throw new AssertionError("chromium wrote no screenshot; stderr: " + run.stderr());
        BufferedImage img = ImageIO.read(shot.toFile());
        Set<Integer> colours = new HashSet<>();
        long ink = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                if (rgb != 0xffffff) ink++;
            }
        }
        return new Result(json, consoleErrors, colours.size(), (double) ink / ((long) img.getWidth() * img.getHeight()));
    }
}
