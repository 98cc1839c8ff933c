package dev.scatterbatch.app.html;

import dev.scatterbatch.app.run.PressureCurve;
import dev.scatterbatch.model.cost.RestoreGranularity;
import dev.scatterbatch.model.scenario.Scenario;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the report's tables say, without a browser. */
class HtmlReportTest {

    @Test
    void thePressureTableNamesWhyEachGapIsOne() {
        PressureCurve curve = new PressureCurve(List.of(0.0, 1000.0),
                List.of(new PressureCurve.Column(Scenario.BATCH, RestoreGranularity.BY_ABI, false),
                        new PressureCurve.Column(Scenario.SVM, RestoreGranularity.BY_ABI, false)),
                new double[][] {{186_895, Double.NaN}, {Double.NaN, Double.NaN}},
                new String[][] {{"completed", "aborted"}, {"stalled", "aborted"}});

        String html = new HtmlReport("t").pressureCurve("curve", curve).render();

        assertThat(html).contains("<tr><td>0</td><td>186,895</td><td>aborted</td></tr>")
                .contains("<td>stalled</td><td>aborted</td></tr>");
    }
}
