package dev.scatterbatch.app.tune;

import dev.scatterbatch.app.report.ScenarioResult;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.annotations.XYShapeAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The charts of a design map: one per pair of axes, each cell coloured by its winning design and shaded by the
 * margin over the runner-up (pale: a near tie; full colour: 100% or more), the axes not shown held at the values
 * nearest the operating point, which is marked.
 */
public final class MapCharts {

    /** Chart size, px. */
    public static final int WIDTH = 760;
    /** Chart size, px. */
    public static final int HEIGHT = 600;

    private static final Color NO_WINNER = new Color(0x9e, 0x9e, 0x9e);
    private static final Color NOT_APPLICABLE = Color.WHITE;
    private static final Font CELL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private MapCharts() {
    }

    /** One chart per pair of axes that have two values or more. */
    public record PairChart(String stem, JFreeChart chart) {
    }

    /** Every pair's chart, in axis order. */
    public static List<PairChart> charts(DesignMap map) {
        List<SweepAxis> axes = map.grid().axes();
        List<PairChart> out = new ArrayList<>();
        for (int a = 0; a < axes.size(); a++) {
            for (int b = a + 1; b < axes.size(); b++) {
                if (axes.get(a).values().size() < 2 || axes.get(b).values().size() < 2) continue;
                out.add(new PairChart("map-" + fileName(axes.get(a).name()) + "-" + fileName(axes.get(b).name()), chart(map, a, b)));
            }
        }
        return out;
    }

    /** Writes every pair's chart as PNG and SVG into {@code dir}; returns the files. */
    public static List<Path> write(DesignMap map, Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        for (PairChart c : charts(map)) files.addAll(SweepCharts.save(c.chart(), dir, c.stem(), WIDTH, HEIGHT));
        return files;
    }

    /** The chart of axis {@code a} (x) against axis {@code b} (y). */
    public static JFreeChart chart(DesignMap map, int a, int b) {
        List<SweepAxis> axes = map.grid().axes();
        SweepAxis x = axes.get(a);
        SweepAxis y = axes.get(b);
        int[] at = map.nearestToOperatingPoint();
        int n = x.values().size() * y.values().size();
        double[][] data = new double[3][n];
        List<Paint> paints = new ArrayList<>();
        XYPlot plot = new XYPlot();
        int k = 0;
        for (int j = 0; j < y.values().size(); j++) {
            for (int i = 0; i < x.values().size(); i++, k++) {
                int[] idx = at.clone();
                idx[a] = i;
                idx[b] = j;
                MapCell cell = map.cellAt(idx);
                data[0][k] = i;
                data[1][k] = j;
                data[2][k] = k;
                paints.add(paint(cell));
                XYTextAnnotation label = new XYTextAnnotation(label(cell), i, j);
                label.setFont(CELL_FONT);
                plot.addAnnotation(label);
            }
        }
        DefaultXYZDataset dataset = new DefaultXYZDataset();
        dataset.addSeries("cells", data);
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(new CellPaints(paints));
        plot.setDataset(dataset);
        plot.setRenderer(renderer);
        plot.setDomainAxis(symbolAxis(x));
        plot.setRangeAxis(symbolAxis(y));
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        double px = DesignMap.position(x, map.operatingPoint().get(a));
        double py = DesignMap.position(y, map.operatingPoint().get(b));
        plot.addAnnotation(new XYShapeAnnotation(new Ellipse2D.Double(px - 0.42, py - 0.42, 0.84, 0.84), new BasicStroke(3f), Color.BLACK));
        XYTextAnnotation op = new XYTextAnnotation("operating point", px, py - 0.3);
        op.setBackgroundPaint(Color.WHITE);
        op.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
        plot.addAnnotation(op);
        plot.setFixedLegendItems(legend(map));
        JFreeChart chart = new JFreeChart("winning design: " + y.name() + " against " + x.name(), JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(new TextTitle(map.context(), new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
        chart.addSubtitle(new TextTitle(heldAt(map, at, a, b) + "shade: margin over the runner-up (pale: under 1%, full: 100% or more)",
                new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        return chart;
    }

    /** The winner's colour, paler the closer its margin: full colour at 100% or more, a quarter of it at 1% or less. */
    static Paint paint(MapCell cell) {
        if (cell.report() == null) return NOT_APPLICABLE;
        ScenarioResult w = cell.winner();
        if (w == null) return NO_WINNER;
        double margin = Double.isNaN(cell.marginPercent()) ? 100 : cell.marginPercent();
        double strength = 0.25 + 0.75 * Math.clamp(Math.log10(Math.max(1, margin)) / 2, 0, 1);
        Color c = SweepCharts.colour(w.name());
        return new Color(blend(c.getRed(), strength), blend(c.getGreen(), strength), blend(c.getBlue(), strength));
    }

    private static int blend(int channel, double strength) {
        return (int) Math.round(255 - (255 - channel) * strength);
    }

    private static String label(MapCell cell) {
        if (cell.report() == null) return "n/a";
        ScenarioResult w = cell.winner();
        if (w == null) return "none finished";
        double m = cell.marginPercent();
        if (Double.isNaN(m)) return cell.winnerName() + " (only)";
        return String.format(Locale.ROOT, m < 10 ? "%s +%.1f%%" : "%s +%.0f%%", cell.winnerName(), m);
    }

    private static LegendItemCollection legend(DesignMap map) {
        LegendItemCollection items = new LegendItemCollection();
        for (String d : map.designs()) items.add(new LegendItem(d, SweepCharts.colour(d)));
        items.add(new LegendItem("no design ran to the end", NO_WINNER));
        items.add(new LegendItem("n/a (no such world)", null, null, null, new Rectangle2D.Double(-6, -6, 12, 12), NOT_APPLICABLE,
                new BasicStroke(1f), Color.GRAY));
        return items;
    }

    private static String heldAt(DesignMap map, int[] at, int a, int b) {
        List<String> parts = new ArrayList<>();
        List<SweepAxis> axes = map.grid().axes();
        for (int i = 0; i < axes.size(); i++) {
            if (i == a || i == b || axes.get(i).values().size() < 2) continue;
            parts.add(axes.get(i).name() + "=" + axes.get(i).values().get(at[i]).text());
        }
        return parts.isEmpty() ? "" : "held at " + String.join(", ", parts) + "; ";
    }

    private static SymbolAxis symbolAxis(SweepAxis axis) {
        SymbolAxis s = new SymbolAxis(axis.name(), axis.values().stream().map(AxisValue::text).toArray(String[]::new));
        s.setRange(-0.5, axis.values().size() - 0.5);
        s.setGridBandsVisible(false);
        return SweepCharts.styled(s);
    }

    private static String fileName(String axisName) {
        return axisName.replaceAll("[^A-Za-z0-9]+", "_");
    }

    /** Paints each block by its cell index: the z value of every block. */
    private record CellPaints(List<Paint> paints) implements PaintScale {

        @Override
        public double getLowerBound() {
            return 0;
        }

        @Override
        public double getUpperBound() {
            return Math.max(0, paints.size() - 1);
        }

        @Override
        public Paint getPaint(double z) {
            return paints.get((int) Math.clamp(Math.round(z), 0, paints.size() - 1));
        }
    }
}
