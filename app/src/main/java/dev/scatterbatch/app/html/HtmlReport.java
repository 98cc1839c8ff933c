package dev.scatterbatch.app.html;

import dev.scatterbatch.app.report.BenchReport;
import dev.scatterbatch.app.report.ScenarioResult;
import dev.scatterbatch.app.run.PressureCurve;
import dev.scatterbatch.app.run.WorldSpec;
import dev.scatterbatch.app.tune.DesignMap;
import dev.scatterbatch.app.tune.MapCell;
import dev.scatterbatch.app.tune.MapCharts;
import dev.scatterbatch.app.tune.SweepAxis;
import dev.scatterbatch.app.tune.SweepCharts;
import dev.scatterbatch.app.tune.SweepResult;
import dev.scatterbatch.app.tune.SweepTable;
import dev.scatterbatch.guest.workload.WorkloadLoader;
import dev.scatterbatch.model.config.ByteSizes;
import dev.scatterbatch.model.cost.Component;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.DefaultCategoryDataset;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.text.DecimalFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds one self-contained HTML page, section by section: the parameters a run used, a design map (its charts and
 * cells), a bench table with its attribution as stacked bars, a pressure curve, a sweep. Every chart is an inline SVG
 * element of a fixed size carrying {@code data-chart} (its name), so a reader (or a test) can find each one.
 */
public final class HtmlReport {

    /** Bench and pressure charts, px. */
    public static final int CHART_WIDTH = 900;
    /** Bench and pressure charts, px. */
    public static final int CHART_HEIGHT = 480;

    /** Component colours for the attribution bars, in {@link Component} order (a categorical palette). */
    private static final Color[] COMPONENT_COLOURS = {
            new Color(0x4e, 0x79, 0xa7), new Color(0xf2, 0x8e, 0x2b), new Color(0xe1, 0x57, 0x59), new Color(0x76, 0xb7, 0xb2),
            new Color(0x59, 0xa1, 0x4f), new Color(0xed, 0xc9, 0x48), new Color(0xb0, 0x7a, 0xa1), new Color(0xff, 0x9d, 0xa7),
            new Color(0x9c, 0x75, 0x5f), new Color(0xba, 0xb0, 0xac), new Color(0x1b, 0x9e, 0x77), new Color(0x66, 0x66, 0x66)};
    private static final String STYLE = """
            body { font-family: sans-serif; margin: 24px; color: #222; max-width: 1100px; }
            h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 32px; border-bottom: 1px solid #ccc; }
            table { border-collapse: collapse; font-size: 13px; margin: 8px 0; }
            th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: right; }
            th { background: #f4f4f4; } td.l, th.l { text-align: left; }
            pre { background: #f8f8f8; padding: 8px; font-size: 12px; overflow-x: auto; }
            figure { margin: 12px 0; } svg { display: block; }
            """;

    private final StringBuilder body = new StringBuilder();
    private final String title;
    private int charts;

    /** A report headed {@code title}. */
    public HtmlReport(String title) {
        this.title = title;
    }

    /** The parameters of a run: the command, the world's conditions, every profile parameter and the workload. */
    public HtmlReport parameters(String command, WorldSpec base) {
        body.append("<h2>Parameters</h2>\n<p>Command: <code>").append(escape(command)).append("</code></p>\n");
        body.append("<table><tr><th class=l>condition</th><th class=l>value</th></tr>\n");
        row("workload", base.workload().name());
        row("profile", base.profile().name());
        row("seed", Long.toString(base.seed()));
        row("iterations per world", Integer.toString(base.iterations()));
        row("guests", Integer.toString(base.guests()));
        row("pressure (events/s)", Double.toString(base.pressure()));
        row("host RAM", ByteSizes.format(base.hostRamBytes()));
        body.append("</table>\n<table><tr><th class=l>profile parameter</th><th class=l>value</th></tr>\n");
        base.profile().formatted().forEach(this::row);
        body.append("</table>\n<p>Workload:</p>\n<pre>").append(escape(WorkloadLoader.toYaml(base.workload()))).append("</pre>\n");
        return this;
    }

    /** A design map: its charts, what happens at the operating point, and every cell. */
    public HtmlReport designMap(DesignMap map) {
        body.append("<h2>Where each design wins</h2>\n<p>").append(escape(map.context())).append(". ")
                .append(escape(map.operatingCellHeading())).append(": ")
                .append(escape(map.operatingCell().summary())).append(".</p>\n");
        for (MapCharts.PairChart c : MapCharts.charts(map)) chart(c.stem(), c.chart(), MapCharts.WIDTH, MapCharts.HEIGHT);
        List<SweepAxis> axes = map.grid().axes();
        body.append("<table><tr>");
        for (SweepAxis a : axes) body.append("<th>").append(escape(a.name())).append("</th>");
        body.append("<th class=l>winner, score, runner-up, margin, deciding component</th></tr>\n");
        for (MapCell cell : map.cells()) {
            body.append("<tr>");
            for (int a = 0; a < axes.size(); a++) body.append("<td>").append(escape(cell.point().values().get(a).text())).append("</td>");
            body.append("<td class=l>").append(escape(cell.summary())).append("</td></tr>\n");
        }
        body.append("</table>\n");
        return this;
    }

    /** A bench run: its table, and where each scenario's iteration goes as stacked bars. */
    public HtmlReport bench(String heading, BenchReport report) {
        body.append("<h2>").append(escape(heading)).append("</h2>\n<table><tr><th class=l>scenario</th><th>score</th>")
                .append("<th>% bare metal</th><th>iteration (ms)</th><th>fwd req/buf</th><th>exits/buf</th><th>host ioctl/buf</th>")
                .append("<th>ranges/buf</th><th class=l>stopped early</th></tr>\n");
        for (ScenarioResult s : report.scenarios()) {
            body.append(String.format(Locale.ROOT, "<tr><td class=l>%s</td><td>%s</td><td>%s</td><td>%.3f</td><td>%.1f</td><td>%.1f</td>"
                            + "<td>%.1f</td><td>%.1f</td><td class=l>%s</td></tr>%n", escape(s.name()),
                    s.error() != null && s.iterations() == 0 ? "failed" : String.format(Locale.ROOT, "%,.0f", s.score()),
                    Double.isNaN(s.percentOfBareMetal()) ? "-" : String.format(Locale.ROOT, "%.1f", s.percentOfBareMetal()),
                    s.iterationNs() / 1e6, s.perBuffer().forwardedRequests(), s.perBuffer().vmExits(), s.perBuffer().hostIoctls(),
                    s.perBuffer().ranges(), s.error() == null ? "" : escape(s.error())));
        }
        body.append("</table>\n");
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Component c : Component.values()) {
            if (report.scenarios().stream().noneMatch(s -> s.attribution(c) != 0)) continue;
            for (ScenarioResult s : report.scenarios()) data.addValue(s.attribution(c) / 1e6, c.key(), s.name());
        }
        CategoryPlot plot = new CategoryPlot(data, new CategoryAxis("scenario"), new NumberAxis("ms per iteration"), new StackedBarRenderer());
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        StackedBarRenderer r = (StackedBarRenderer) plot.getRenderer();
        r.setShadowVisible(false);
        r.setDrawBarOutline(false);
        for (int i = 0; i < data.getRowCount(); i++) {
            r.setSeriesPaint(i, COMPONENT_COLOURS[Component.valueOf(componentName(data.getRowKey(i).toString())).ordinal() % COMPONENT_COLOURS.length]);
        }
        chart("attribution", styled(new JFreeChart("where an iteration's time goes", JFreeChart.DEFAULT_TITLE_FONT, plot, true),
                report.workload() + ", profile " + report.profile()), CHART_WIDTH, CHART_HEIGHT);
        return this;
    }

    /** Each scenario's score at each rate of invalidating host memory events (NaN: the scenario did not finish there). */
    public HtmlReport pressureCurve(String heading, PressureCurve curve) {
        body.append("<h2>").append(escape(heading)).append("</h2>\n");
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (int c = 0; c < curve.columns().size(); c++) {
            for (int r = 0; r < curve.rates().size(); r++) {
                double v = curve.scores()[r][c];
                data.addValue(Double.isNaN(v) ? null : v, curve.columns().get(c).label(), rate(curve.rates().get(r)));
            }
        }
        NumberAxis scores = new NumberAxis("score");
        scores.setNumberFormatOverride(new DecimalFormat("#,##0"));
        LineAndShapeRenderer renderer = new LineAndShapeRenderer(true, true);
        for (int c = 0; c < data.getRowCount(); c++) {
            renderer.setSeriesPaint(c, SweepCharts.colour(curve.columns().get(c).scenario().key()));
            renderer.setSeriesStroke(c, new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f,
                    curve.columns().get(c).showGranularity() && c % 2 == 1 ? new float[] {6f, 4f} : null, 0f));
        }
        CategoryPlot plot = new CategoryPlot(data, new CategoryAxis("invalidating host memory events per second"), scores, renderer);
        chart("pressure-curve", styled(new JFreeChart("score against host memory pressure", JFreeChart.DEFAULT_TITLE_FONT, plot, true),
                "gaps: the scenario stalled or failed at that rate"), CHART_WIDTH, CHART_HEIGHT);
        body.append("<table><tr><th>events/s</th>");
        for (PressureCurve.Column c : curve.columns()) body.append("<th>").append(escape(c.label())).append("</th>");
        body.append("</tr>\n");
        for (int r = 0; r < curve.rates().size(); r++) {
            body.append("<tr><td>").append(rate(curve.rates().get(r))).append("</td>");
            for (int c = 0; c < curve.columns().size(); c++) {
                double v = curve.scores()[r][c];
                // a gap is a design that stalled or, like svm on a scattered buffer, aborted: say which
                body.append("<td>").append(Double.isNaN(v) ? escape(curve.statuses()[r][c]) : String.format(Locale.ROOT, "%,.0f", v)).append("</td>");
            }
            body.append("</tr>\n");
        }
        body.append("</table>\n");
        return this;
    }

    /** A sweep: its charts and its table. */
    public HtmlReport sweep(SweepResult sweep) {
        body.append("<h2>Sweep</h2>\n<p>").append(escape(sweep.context())).append("</p>\n");
        for (SweepCharts.Metric m : SweepCharts.Metric.values()) {
            chart(m.fileName(), SweepCharts.chart(sweep, m), SweepCharts.WIDTH, SweepCharts.height(sweep));
        }
        body.append("<pre>").append(escape(SweepTable.render(sweep))).append("</pre>\n");
        return this;
    }

    /** The page. */
    public String render() {
        return "<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8><title>" + escape(title) + "</title>\n<style>" + STYLE
                + "</style></head>\n<body>\n<h1>" + escape(title) + "</h1>\n" + body + "</body></html>\n";
    }

    /** Charts in the page so far. */
    public int chartCount() {
        return charts;
    }

    private void chart(String name, JFreeChart chart, int width, int height) {
        charts++;
        String svg = SweepCharts.svg(chart, "c" + charts + "-", width, height);
        body.append("<figure data-chart=\"").append(escape(name)).append("\" data-width=\"").append(width)
                .append("\" data-height=\"").append(height).append("\">\n").append(svg).append("\n</figure>\n");
    }

    private static JFreeChart styled(JFreeChart chart, String subtitle) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getPlot().setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(new TextTitle(subtitle, new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
        chart.getLegend().setPosition(RectangleEdge.BOTTOM);
        return chart;
    }

    private void row(String name, String value) {
        body.append("<tr><td class=l>").append(escape(name)).append("</td><td class=l>").append(escape(value)).append("</td></tr>\n");
    }

    private static String componentName(String key) {
        for (Component c : Component.values()) if (c.key().equals(key)) return c.name();
        throw new IllegalArgumentException(key);
    }

    private static String rate(double r) {
        return r == Math.rint(r) ? String.format(Locale.ROOT, "%,.0f", r) : Double.toString(r);
    }

    /** {@code s} safe as HTML text and attribute values. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** The formatted profile as an ordered map (for tests). */
    static Map<String, String> profileOf(WorldSpec base) {
        return base.profile().formatted();
    }
}
