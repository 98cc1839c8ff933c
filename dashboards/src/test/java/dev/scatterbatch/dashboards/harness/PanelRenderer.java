package dev.scatterbatch.dashboards.harness;

import com.fasterxml.jackson.databind.JsonNode;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StackedXYAreaRenderer2;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.VerticalAlignment;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.time.FixedMillisecond;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;
import org.jfree.data.time.TimeTableXYDataset;
import org.jfree.data.xy.DefaultXYZDataset;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.SimpleDateFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A headless stand-in for Grafana: draws each panel of a dashboard from Prometheus {@code query_range}
 * data with JFreeChart, in Grafana's dark theme, to {@code <output>/<uid>/<panelId>.png} (a repeated
 * panel gives one {@code <panelId>-<value>.png} per value of its variable, as Grafana repeats it). Time
 * series become lines (or stacked areas), stat panels bars of the last values, heatmaps a grid of the
 * per-bucket rates. {@code $__rate_interval} is what Grafana would make of it for the step and the
 * harness's scrape interval. Not pixel-Grafana, but it shows that every panel has data and what it looks like.
 */
public final class PanelRenderer {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    /**
     * One drawn panel.
     *
     * @param where  dashboard, panel id and title (with the repeat value)
     * @param png    the image
     * @param series how many series it drew (0: the panel would show "No data")
     */
    public record Rendered(String where, Path png, int series) {
    }

    private static final int WIDTH = 900;
    private static final int HEIGHT = 450;
    private static final Color BACKGROUND = new Color(0x18, 0x1b, 0x1f);
    private static final Color TEXT = new Color(0xcc, 0xcc, 0xdc);
    private static final Color GRID = new Color(0x2c, 0x32, 0x35);
    private static final Color[] PALETTE = {new Color(0x73BF69), new Color(0xF2CC0C), new Color(0x8AB8FF),
            new Color(0xFF780A), new Color(0xF2495C), new Color(0x5794F2), new Color(0xB877D9), new Color(0x705DA0),
            new Color(0x37872D), new Color(0xFADE2A), new Color(0x447EBC), new Color(0xC15C17)};
    private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*(\\w+)\\)");

    private final PrometheusServer prometheus;
    private final Path output;

    /** Renders from {@code prometheus} into {@code output} ({@link #defaultOutput()} in the tests). */
    public PanelRenderer(PrometheusServer prometheus, Path output) {
        this.prometheus = prometheus;
        this.output = output;
    }

    /** {@code dashboards/target/dashboard-render}. */
    public static Path defaultOutput() {
        return DashboardJson.moduleDirectory().resolve("target").resolve("dashboard-render");
    }

    /** Draws every panel of {@code dashboard} over {@code [start, end]} sampled every {@code step}. */
    public List<Rendered> render(DashboardJson dashboard, Instant start, Instant end, Duration step) throws IOException {
        Path dir = Files.createDirectories(output.resolve(dashboard.uid()));
        List<Rendered> rendered = new ArrayList<>();
        for (JsonNode panel : dashboard.queryPanels()) {
            String repeat = panel.path("repeat").asText("");
            int id = panel.path("id").asInt();
            if (repeat.isEmpty()) {
                rendered.add(draw(dashboard, panel, dashboard.allValues(), null, dir.resolve(id + ".png"), start, end, step));
                continue;
            }
            for (String value : repeatValues(dashboard, repeat)) {
                Map<String, String> values = new LinkedHashMap<>(dashboard.allValues());
                values.put(repeat, GrafanaMacros.regexLiteral(value));
                rendered.add(draw(dashboard, panel, values, Map.entry(repeat, value),
                        dir.resolve(id + "-" + value.replaceAll("[^A-Za-z0-9_.-]", "_") + ".png"), start, end, step));
            }
        }
        return rendered;
    }

    /** The values Grafana would repeat a panel over: the variable's {@code label_values} query, at "All". */
    private List<String> repeatValues(DashboardJson dashboard, String variable) {
        Matcher m = LABEL_VALUES.matcher(dashboard.variable(variable).path("query").asText());
        if (!m.matches()) throw new IllegalArgumentException(dashboard.uid() + ": variable " + variable + " is not a label_values query");
        return prometheus.labelValues(m.group(2), GrafanaMacros.expand(m.group(1), dashboard.allValues()));
    }

    private Rendered draw(DashboardJson dashboard, JsonNode panel, Map<String, String> values, Map.Entry<String, String> repeat,
                          Path png, Instant start, Instant end, Duration step) throws IOException {
        String title = panel.path("title").asText();
        if (repeat != null) title = title.replace("${" + repeat.getKey() + "}", repeat.getValue()).replace("$" + repeat.getKey(), repeat.getValue());
        String type = panel.path("type").asText();
        String unit = "heatmap".equals(type) ? panel.path("options").path("yAxis").path("unit").asText()
                : panel.path("fieldConfig").path("defaults").path("unit").asText();
        Map<String, PrometheusServer.Series> series = new LinkedHashMap<>();
        for (JsonNode target : panel.path("targets")) {
            String expr = GrafanaMacros.expand(target.path("expr").asText(), values,
                    GrafanaMacros.rateInterval(step, PrometheusServer.SCRAPE_INTERVAL));
            for (PrometheusServer.Series s : prometheus.queryRange(expr, start, end, step)) {
                series.put(legend(target.path("legendFormat").asText(), s.labels()), s);
            }
        }
        JsonNode custom = panel.path("fieldConfig").path("defaults").path("custom");
        JFreeChart chart = switch (type) {
            case "stat" -> statChart(series, unit);
            case "heatmap" -> heatmapChart(series, unit, step);
            default -> timeSeriesChart(series, unit, "normal".equals(custom.path("stacking").path("mode").asText()),
                    "log".equals(custom.path("scaleDistribution").path("type").asText()));
        };
        style(chart, title, dashboard.root().path("title").asText() + " · unit " + unit);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
        return new Rendered(dashboard.uid() + " panel " + panel.path("id").asInt() + " \"" + title + "\"", png, series.size());
    }

    private static JFreeChart timeSeriesChart(Map<String, PrometheusServer.Series> series, String unit, boolean stacked, boolean log) {
        ValueAxis valueAxis = log ? new LogAxis() : new NumberAxis();
        if (valueAxis instanceof NumberAxis n) {
            n.setNumberFormatOverride(new UnitFormat(unit));
            n.setAutoRangeIncludesZero(true);
        } else {
            ((LogAxis) valueAxis).setNumberFormatOverride(new UnitFormat(unit));
            ((LogAxis) valueAxis).setSmallestValue(1e-12);
        }
        XYPlot plot;
        if (stacked) {
            TimeTableXYDataset data = new TimeTableXYDataset();
            series.forEach((name, s) -> forEachPoint(s, log, (t, v) -> data.add(new FixedMillisecond(t), v, name)));
            StackedXYAreaRenderer2 renderer = new StackedXYAreaRenderer2();
            plot = new XYPlot(data, timeAxis(), valueAxis, renderer);
            paintSeries(renderer::setSeriesPaint, series.size());
        } else {
            TimeSeriesCollection data = new TimeSeriesCollection();
            series.forEach((name, s) -> {
                TimeSeries ts = new TimeSeries(name);
                forEachPoint(s, log, (t, v) -> ts.addOrUpdate(new FixedMillisecond(t), v));
                data.addSeries(ts);
            });
            XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
            plot = new XYPlot(data, timeAxis(), valueAxis, renderer);
            paintSeries(renderer::setSeriesPaint, series.size());
            for (int i = 0; i < series.size(); i++) renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        return new JFreeChart(plot);
    }

    private static JFreeChart statChart(Map<String, PrometheusServer.Series> series, String unit) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        series.forEach((name, s) -> {
            for (int i = s.values().size() - 1; i >= 0; i--) {
                if (!s.values().get(i).isNaN()) {
                    data.addValue(s.values().get(i), "last", name);
                    break;
                }
            }
        });
        NumberAxis valueAxis = new NumberAxis();
        valueAxis.setNumberFormatOverride(new UnitFormat(unit));
        BarRenderer renderer = new BarRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, PALETTE[0]);
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", new UnitFormat(unit)));
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        renderer.setDefaultItemLabelPaint(TEXT);
        CategoryPlot plot = new CategoryPlot(data, new CategoryAxis(), valueAxis, renderer);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        JFreeChart chart = new JFreeChart(plot);
        chart.removeLegend();
        return chart;
    }

    /** One row per bucket ({@code le}), cells the rate of observations that fell in it (cumulative buckets differenced). */
    private static JFreeChart heatmapChart(Map<String, PrometheusServer.Series> series, String unit, Duration step) {
        List<PrometheusServer.Series> buckets = series.values().stream()
                .sorted(Comparator.comparingDouble(s -> upperBound(s.labels().get("le")))).toList();
        List<Double> bounds = buckets.stream().map(s -> upperBound(s.labels().get("le"))).toList();
        int first = buckets.size();
        int last = -1;
        List<double[]> cells = new ArrayList<>();
        for (int b = 0; b < buckets.size(); b++) {
            PrometheusServer.Series s = buckets.get(b);
            for (int i = 0; i < s.times().size(); i++) {
                double below = b == 0 ? 0 : valueAt(buckets.get(b - 1), s.times().get(i));
                double inBucket = s.values().get(i) - below;
                // an empty cell (or one before the first scrape) is left as background, as in Grafana
                if (!(inBucket > 0)) continue;
                first = Math.min(first, b);
                last = Math.max(last, b);
                cells.add(new double[]{s.times().get(i).toEpochMilli(), b, inBucket});
            }
        }
        int lo = first;
        int hi = last;
        List<double[]> shown = cells.stream().filter(c -> c[1] >= lo && c[1] <= hi).toList();
        double[][] xyz = new double[3][shown.size()];
        double max = 0;
        for (int i = 0; i < shown.size(); i++) {
            xyz[0][i] = shown.get(i)[0];
            xyz[1][i] = shown.get(i)[1] - lo;
            xyz[2][i] = shown.get(i)[2];
            max = Math.max(max, shown.get(i)[2]);
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("buckets", xyz);
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setBlockWidth(step.toMillis());
        renderer.setBlockAnchor(RectangleAnchor.LEFT);
        LookupPaintScale scale = new LookupPaintScale(0, Math.max(max, 1e-9) * 1.0001, BACKGROUND);
        for (int i = 0; i < 16; i++) {
            double f = (i + 1) / 16.0;
            scale.add(Math.max(max, 1e-9) * Math.pow(i / 16.0, 2), new Color(
                    (int) (0x30 + f * (0xFF - 0x30)), (int) (0x20 + f * (0xB3 - 0x20)), (int) (0x10 + f * (0x57 - 0x10))));
        }
        renderer.setPaintScale(scale);
        UnitFormat format = new UnitFormat(unit);
        List<String> labels = new ArrayList<>();
        for (int b = lo; b <= hi; b++) {
            labels.add(Double.isInfinite(bounds.get(b)) ? "+Inf" : "≤ " + format.format(bounds.get(b)));
        }
        SymbolAxis bucketAxis = new SymbolAxis(null, labels.toArray(String[]::new));
        bucketAxis.setGridBandsVisible(false);
        XYPlot plot = new XYPlot(data, timeAxis(), bucketAxis, renderer);
        JFreeChart chart = new JFreeChart(plot);
        chart.removeLegend();
        return chart;
    }

    private static double valueAt(PrometheusServer.Series s, Instant t) {
        int i = s.times().indexOf(t);
        return i < 0 ? 0 : s.values().get(i);
    }

    private static double upperBound(String le) {
        return "+Inf".equals(le) ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
    }

    private interface PointSink {
        void accept(long epochMillis, double value);
    }

    private static void forEachPoint(PrometheusServer.Series s, boolean positiveOnly, PointSink sink) {
        for (int i = 0; i < s.times().size(); i++) {
            double v = s.values().get(i);
            if (Double.isNaN(v) || Double.isInfinite(v) || (positiveOnly && v <= 0)) continue;
            sink.accept(s.times().get(i).toEpochMilli(), v);
        }
    }

    private interface SeriesPainter {
        void paint(int series, Paint paint);
    }

    private static void paintSeries(SeriesPainter painter, int count) {
        for (int i = 0; i < count; i++) painter.paint(i, PALETTE[i % PALETTE.length]);
    }

    private static DateAxis timeAxis() {
        DateAxis axis = new DateAxis();
        SimpleDateFormat hms = new SimpleDateFormat("HH:mm:ss");
        hms.setTimeZone(TimeZone.getTimeZone("UTC"));
        axis.setDateFormatOverride(hms);
        return axis;
    }

    /** The series name from Grafana's legend format: {@code p99 {{cmd}}} with the series' labels. */
    static String legend(String format, Map<String, String> labels) {
        if (format.isBlank()) return labels.toString();
        Matcher m = LEGEND_LABEL.matcher(format);
        StringBuilder out = new StringBuilder();
        while (m.find()) m.appendReplacement(out, Matcher.quoteReplacement(labels.getOrDefault(m.group(1), "")));
        m.appendTail(out);
        return out.toString().trim();
    }

    /** Grafana's dark theme. */
    private static void style(JFreeChart chart, String title, String subtitle) {
        chart.setBackgroundPaint(BACKGROUND);
        chart.setTitle(new TextTitle(title, new Font(Font.SANS_SERIF, Font.BOLD, 15), TEXT,
                RectangleEdge.TOP, HorizontalAlignment.LEFT, VerticalAlignment.CENTER, new RectangleInsets(6, 10, 2, 10)));
        TextTitle sub = new TextTitle(subtitle, new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        sub.setPaint(GRID.brighter().brighter());
        sub.setHorizontalAlignment(HorizontalAlignment.LEFT);
        sub.setPadding(0, 10, 4, 10);
        chart.addSubtitle(sub);
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            legend.setBackgroundPaint(BACKGROUND);
            legend.setItemPaint(TEXT);
            legend.setFrame(BlockBorder.NONE);
            legend.setPosition(RectangleEdge.BOTTOM);
        }
        Plot plot = chart.getPlot();
        plot.setBackgroundPaint(BACKGROUND);
        plot.setOutlineVisible(false);
        plot.setNoDataMessage("No data");
        plot.setNoDataMessagePaint(TEXT);
        if (plot instanceof XYPlot xy) {
            xy.setDomainGridlinePaint(GRID);
            xy.setRangeGridlinePaint(GRID);
            styleAxis(xy.getDomainAxis());
            styleAxis(xy.getRangeAxis());
        } else if (plot instanceof CategoryPlot cat) {
            cat.setRangeGridlinePaint(GRID);
            styleAxis(cat.getRangeAxis());
            cat.getDomainAxis().setTickLabelPaint(TEXT);
            cat.getDomainAxis().setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            cat.getDomainAxis().setAxisLinePaint(GRID);
        }
    }

    private static void styleAxis(ValueAxis axis) {
        axis.setTickLabelPaint(TEXT);
        axis.setLabelPaint(TEXT);
        axis.setAxisLinePaint(GRID);
        axis.setTickMarkPaint(GRID);
    }
}
