package dev.scatterbatch.app.tune;

import dev.scatterbatch.app.report.ScenarioResult;
import dev.scatterbatch.model.scenario.Scenario;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.annotations.XYTitleAnnotation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGUtils;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Shape;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The charts of a sweep: score, and % of bare metal, against the first varied axis, one line per scenario. With
 * more axes, one panel per combination of the other axes' values, stacked over a shared x axis with one legend, so
 * a line keeps its colour in every panel and panels compare at a glance (they share the y range too).
 */
public final class SweepCharts {

    /** What a chart plots. */
    public enum Metric {
        /** The benchmark score. */
        SCORE("score", "score", "#,##0", ScenarioResult::score),
        /** The score as a percentage of bare metal's at the same point. */
        PERCENT("percent", "% of bare metal", "0'%'", ScenarioResult::percentOfBareMetal);

        private final String fileStem;
        private final String label;
        private final String format;
        private final ToDoubleFunction<ScenarioResult> value;

        Metric(String fileStem, String label, String format, ToDoubleFunction<ScenarioResult> value) {
            this.fileStem = fileStem;
            this.label = label;
            this.format = format;
            this.value = value;
        }

        /** The file name without extension: {@code sweep-score}. */
        public String fileName() {
            return "sweep-" + fileStem;
        }
    }

    /** The width of every sweep chart, px. */
    public static final int WIDTH = 960;
    private static final int SINGLE_HEIGHT = 540;
    private static final int PANEL_HEIGHT = 250;
    private static final int CHROME_HEIGHT = 170;
    /** Room above the highest line for a panel's label. */
    private static final double HEADROOM = 1.18;
    /** Colours by scenario, in {@link Scenario} order, so a scenario looks the same in every chart. */
    private static final Color[] SCENARIO_COLOURS = {
            new Color(0x44, 0x44, 0x44), new Color(0xd6, 0x27, 0x28), new Color(0x1f, 0x77, 0xb4),
            new Color(0x2c, 0xa0, 0x2c), new Color(0xff, 0x7f, 0x0e), new Color(0x8c, 0x56, 0x4b), new Color(0xe3, 0x77, 0xc2)};
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Color OTHER_COLOUR = new Color(0x94, 0x67, 0xbd);
    /** Shapes by scenario too, fixed so that every panel draws a scenario alike. */
    private static final Shape[] SHAPES = DefaultDrawingSupplier.createStandardSeriesShapes();

    private SweepCharts() {
    }

    /** Writes {@code sweep-score} and {@code sweep-percent} as PNG and SVG into {@code dir}; returns the files. */
    public static List<Path> write(SweepResult sweep, Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Metric metric : Metric.values()) {
            files.addAll(save(chart(sweep, metric), dir, metric.fileName(), WIDTH, height(sweep)));
        }
        return files;
    }

    /** The chart of {@code metric}. */
    public static JFreeChart chart(SweepResult sweep, Metric metric) {
        List<SweepAxis> axes = sweep.grid().axes();
        SweepAxis x = axes.getFirst();
        DisplayUnit unit = DisplayUnit.of(x);
        List<SweepPoint> points = sweep.grid().points();
        int perPanel = x.values().size();
        int panels = points.size() / perPanel;
        List<XYSeriesCollection> data = new ArrayList<>();
        double top = 0;
        for (int p = 0; p < panels; p++) {
            Map<String, XYSeries> series = new LinkedHashMap<>();
            for (int i = p * perPanel; i < (p + 1) * perPanel; i++) {
                double xValue = unit.of(points.get(i).values().getFirst());
                for (ScenarioResult s : sweep.reports().get(i).scenarios()) {
                    XYSeries line = series.computeIfAbsent(s.name(), name -> new XYSeries(name, true, false));
                    double y = metric.value.applyAsDouble(s);
                    // a scenario that stalled or aborted has no score: a gap, not a number
                    if (Double.isNaN(y) || !s.completed()) continue;
                    line.add(xValue, y);
                    top = Math.max(top, y);
                }
            }
            XYSeriesCollection c = new XYSeriesCollection();
            series.values().forEach(c::addSeries);
            data.add(c);
        }
        ValueAxis domain = domainAxis(x, unit);
        String title = "scatterbatch sweep: " + metric.label + " against " + x.name();
        if (panels == 1) {
            XYPlot plot = panel(data.getFirst(), domain, metric, top, null);
            return finish(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true), sweep);
        }
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(domain);
        combined.setGap(12);
        for (int p = 0; p < panels; p++) {
            combined.add(panel(data.get(p), null, metric, top, panelLabel(points.get(p * perPanel))));
        }
        // every panel has the same lines: one legend, not one entry per panel
        LegendItemCollection legend = combined.getSubplots().getFirst().getLegendItems();
        combined.setFixedLegendItems(legend);
        return finish(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, combined, true), sweep);
    }

    /** The height of a sweep's charts: one panel, or a panel per combination of the other axes' values. */
    public static int height(SweepResult sweep) {
        int panels = sweep.grid().size() / sweep.grid().axes().getFirst().values().size();
        return panels == 1 ? SINGLE_HEIGHT : CHROME_HEIGHT + PANEL_HEIGHT * panels;
    }

    private static JFreeChart finish(JFreeChart chart, SweepResult sweep) {
        chart.addSubtitle(new TextTitle(sweep.context(), new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
        chart.setBackgroundPaint(Color.WHITE);
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        return chart;
    }

    private static XYPlot panel(XYSeriesCollection data, ValueAxis domain, Metric metric, double top, String label) {
        NumberAxis range = new NumberAxis(metric.label);
        range.setNumberFormatOverride(new DecimalFormat(metric.format));
        double span = top > 0 ? top * HEADROOM : 1;
        range.setRange(0, span);
        range.setTickUnit(new NumberTickUnit(niceStep(span / 10)));
        styled(range);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int s = 0; s < data.getSeriesCount(); s++) {
            int style = style(data.getSeriesKey(s).toString());
            renderer.setSeriesPaint(s, colour(data.getSeriesKey(s).toString()));
            renderer.setSeriesShape(s, SHAPES[Math.max(0, style) % SHAPES.length]);
            renderer.setSeriesStroke(s, new BasicStroke(2.2f));
        }
        XYPlot plot = new XYPlot(data, domain, range, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
        plot.setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
        if (label != null) {
            TextTitle title = new TextTitle(label, new Font(Font.SANS_SERIF, Font.BOLD, 13));
            title.setBackgroundPaint(new Color(255, 255, 255, 220));
            plot.addAnnotation(new XYTitleAnnotation(0.01, 0.98, title, RectangleAnchor.TOP_LEFT));
        }
        return plot;
    }

    private static ValueAxis domainAxis(SweepAxis x, DisplayUnit unit) {
        String label = x.name() + (unit.name().isEmpty() ? "" : " (" + unit.name() + ")");
        if (!x.quantity().numeric()) {
            return styled(new SymbolAxis(label, x.values().stream().map(AxisValue::text).toArray(String[]::new)));
        }
        double min = x.values().stream().mapToDouble(AxisValue::number).min().orElse(0);
        double max = x.values().stream().mapToDouble(AxisValue::number).max().orElse(0);
        // log steps, or positive values over two decades or more, read best on a log axis
        if (min > 0 && (x.logSteps() || max / min >= 100)) {
            LogAxis log = new LogAxis(label);
            log.setBase(10);
            log.setNumberFormatOverride(new DecimalFormat("#,##0.###"));
            log.setSmallestValue(min / unit.divisor() / 2);
            // ticks at whole decades, minor ticks between: half-decade labels (3.162, 31.623) read badly
            log.setTickUnit(new NumberTickUnit(1), false, false);
            log.setAutoTickUnitSelection(false);
            log.setMinorTickCount(9);
            log.setMinorTickMarksVisible(true);
            return styled(log);
        }
        NumberAxis linear = new NumberAxis(label);
        linear.setAutoRangeIncludesZero(false);
        linear.setNumberFormatOverride(new DecimalFormat("#,##0.###"));
        return styled(linear);
    }

    /** The smallest of 1, 2, 2.5 and 5 times a power of ten that is at least {@code raw}: about ten labelled ticks. */
    private static double niceStep(double raw) {
        double decade = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 2.5, 5}) {
            if (m * decade >= raw) return m * decade;
        }
        return 10 * decade;
    }

    static <A extends ValueAxis> A styled(A axis) {
        axis.setTickLabelFont(TICK_FONT);
        axis.setLabelFont(LABEL_FONT);
        return axis;
    }

    private static String panelLabel(SweepPoint first) {
        List<String> parts = new ArrayList<>();
        for (int a = 1; a < first.axes().size(); a++) parts.add(first.axes().get(a).assignment(first.values().get(a)));
        return String.join(", ", parts);
    }

    /** The colour of a scenario in every chart: by its {@link Scenario} position, one colour for names it does not know. */
    public static Color colour(String scenario) {
        int style = style(scenario);
        return style < 0 ? OTHER_COLOUR : SCENARIO_COLOURS[style];
    }

    /** Writes {@code chart} as {@code stem.png} and {@code stem.svg} into {@code dir}; returns both files. */
    static List<Path> save(JFreeChart chart, Path dir, String stem, int width, int height) throws IOException {
        Path png = dir.resolve(stem + ".png");
        ChartUtils.saveChartAsPNG(png.toFile(), chart, width, height);
        Path svgFile = dir.resolve(stem + ".svg");
        SVGUtils.writeToSVG(svgFile.toFile(), svg(chart, stem, width, height));
        return List.of(png, svgFile);
    }

    /** {@code chart} as an SVG element, its definitions' ids prefixed by {@code idPrefix} (unique within a page). */
    public static String svg(JFreeChart chart, String idPrefix, int width, int height) {
        SVGGraphics2D svg = new SVGGraphics2D(width, height);
        svg.setDefsKeyPrefix(idPrefix); // the default prefix is time-based; a fixed one keeps the file stable
        chart.draw(svg, new Rectangle2D.Double(0, 0, width, height));
        return svg.getSVGElement();
    }

    /** The colour and shape index of a scenario: its {@link Scenario} position, or -1 for a name it does not know. */
    private static int style(String scenario) {
        for (Scenario s : Scenario.values()) {
            if (s.key().equals(scenario)) return s.ordinal() % SCENARIO_COLOURS.length;
        }
        return -1;
    }

    /** How x values are shown: durations and sizes in a unit that suits the largest one. */
    private record DisplayUnit(String name, double divisor) {

        static DisplayUnit of(SweepAxis axis) {
            double max = axis.values().stream().mapToDouble(v -> Math.abs(v.number())).max().orElse(0);
            return switch (axis.quantity()) {
                case DURATION -> max >= 1e9 ? new DisplayUnit("s", 1e9) : max >= 1e6 ? new DisplayUnit("ms", 1e6)
                        : max >= 1e3 ? new DisplayUnit("us", 1e3) : new DisplayUnit("ns", 1);
                case BYTES -> max >= 1L << 30 ? new DisplayUnit("GiB", 1L << 30) : max >= 1L << 20 ? new DisplayUnit("MiB", 1L << 20)
                        : max >= 1L << 10 ? new DisplayUnit("KiB", 1L << 10) : new DisplayUnit("bytes", 1);
                default -> new DisplayUnit("", 1);
            };
        }

        double of(AxisValue v) {
            return v.number() / divisor;
        }
    }
}
