package dev.scatterbatch.app.tune;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.xml.sax.SAXException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SweepOutputTest {

    private static final List<String> RANGE_SWEEP = List.of("buffers[0].fragmentation.runPages=2000,80,8,4,1");

    @Test
    void theCsvHasOneRowPerPointAndScenarioWithTheVariedValueFirst() {
        String csv = SweepCsv.render(ToySweep.run(List.of("kfdAllocFixed=10us,40us")));
        List<String> lines = csv.lines().toList();
        assertThat(lines).hasSize(1 + 2 * 3);
        assertThat(lines.getFirst()).startsWith("kfdAllocFixed_ns,profile,workload,seed,transport,guests,scenario,score,");
        assertThat(lines.get(1)).startsWith("10000,default+kfdAllocFixed=10us,toy,42,direct,1,bare-metal,");
        assertThat(lines.get(6)).startsWith("40000,default+kfdAllocFixed=40us,toy,42,direct,1,batch,");
    }

    @Test
    void theSameSweepGivesTheSameCsvByteForByte() {
        List<String> varies = List.of("kfdAllocFixed=5us..100us:6", "buffers[0].fragmentation.runPages=8,1");
        assertThat(SweepCsv.render(ToySweep.run(varies))).isEqualTo(SweepCsv.render(ToySweep.run(varies)));
    }

    @Test
    void oneVariedAxisGivesOnePlotWithALinePerScenarioOnALogAxisOverDecades() {
        JFreeChart chart = SweepCharts.chart(ToySweep.run(RANGE_SWEEP), SweepCharts.Metric.SCORE);
        XYPlot plot = chart.getXYPlot();
        assertThat(plot.getDataset().getSeriesCount()).isEqualTo(3);
        assertThat(plot.getDataset().getSeriesKey(1)).isEqualTo("per-range");
        assertThat(plot.getDataset().getItemCount(1)).isEqualTo(5);
        assertThat(plot.getDomainAxis()).isInstanceOf(LogAxis.class);
        assertThat(plot.getDomainAxis().getLabel()).isEqualTo("buffers[0].fragmentation.runPages");
        // the toy's per-range score at 1 page per range (R = 4000) is below 20k
        assertThat(plot.getDataset().getYValue(1, 0)).isLessThan(20_000);
        assertThat(chart.getTitle().getText()).isEqualTo("scatterbatch sweep: score against buffers[0].fragmentation.runPages");
    }

    @Test
    void aSecondAxisGivesOnePanelPerValueSharingTheXAxisAndOneLegend() {
        JFreeChart chart = SweepCharts.chart(ToySweep.run(List.of("kfdAllocFixed=5us..80us:4", "gpuMapPerCall=5us,15us,45us")),
                SweepCharts.Metric.PERCENT);
        CombinedDomainXYPlot combined = (CombinedDomainXYPlot) chart.getPlot();
        assertThat(combined.getSubplots()).hasSize(3);
        assertThat(combined.getLegendItems().getItemCount()).isEqualTo(3);
        assertThat(combined.getDomainAxis().getLabel()).isEqualTo("kfdAllocFixed (us)");
        XYPlot first = (XYPlot) combined.getSubplots().getFirst();
        XYPlot last = (XYPlot) combined.getSubplots().getLast();
        assertThat(first.getRangeAxis().getRange()).isEqualTo(last.getRangeAxis().getRange());
        assertThat(first.getDataset().getXValue(0, 3)).isCloseTo(80, within(1e-9));
        assertThat(first.getAnnotations()).hasSize(1);
    }

    private static boolean wellFormedXml(Path file) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false); // no network for the SVG DTD
            f.newDocumentBuilder().parse(file.toFile());
            return true;
        } catch (ParserConfigurationException | SAXException | IOException e) {
            return false;
        }
    }

    @Test
    void writesReadablePngAndSvgFilesForScoreAndPercent(@TempDir Path dir) throws IOException {
        List<Path> files = SweepCharts.write(ToySweep.run(RANGE_SWEEP), dir);
        assertThat(files).extracting(p -> p.getFileName().toString())
                .containsExactly("sweep-score.png", "sweep-score.svg", "sweep-percent.png", "sweep-percent.svg");
        BufferedImage png = ImageIO.read(dir.resolve("sweep-score.png").toFile());
        assertThat(png.getWidth()).isEqualTo(960);
        assertThat(png.getHeight()).isEqualTo(540);
        String svg = Files.readString(dir.resolve("sweep-percent.svg"));
        // checked as booleans: a failure would otherwise print the whole drawing
        assertThat(svg.contains("<svg ")).as("an SVG document").isTrue();
        assertThat(svg.contains(">scatterbatch sweep: % of bare metal against buffers[0].fragmentation.runPages<")).as("its title").isTrue();
        assertThat(svg.contains(">per-range<")).as("a legend entry per scenario").isTrue();
        assertThat(wellFormedXml(dir.resolve("sweep-score.svg"))).isTrue();
    }
}
