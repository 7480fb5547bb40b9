package dev.agora.devstack;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import static org.assertj.core.api.Assertions.assertThat;

class BenchChartTests {

    @Test
    void drawsEveryScenarioOnALogScaleAsWellFormedSvg() throws Exception {
        String svg = BenchChart.svg("make bench <test> & co", List.of(
                new BenchChart.Row("GET /products/{id} (cache on)", 512.4, 480, 530, 28.1, 61.7),
                new BenchChart.Row("POST /orders, 1 product, 1 customer", 11.4, 10.9, 12.2, 1350, 2200)));

        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(document.getDocumentElement().getLocalName()).isEqualTo("svg");
        assertThat(svg).contains("GET /products/{id} (cache on)", "POST /orders, 1 product, 1 customer", "512.4", "11.4",
                "28.1 / 61.7", "make bench &lt;test&gt; &amp; co");
        // Both throughputs get a visible bar, three orders of magnitude apart: the scale is logarithmic.
        assertThat(document.getElementsByTagName("rect").getLength()).isEqualTo(1 + 2 + 2 * 2);
        assertThat(svg).doesNotContain("<script", "href=", "@import");
    }

    @Test
    void medianOfTheRepeats() {
        assertThat(Bench.median(new double[] { 3, 1, 2 })).isEqualTo(2);
        assertThat(Bench.median(new double[] { 4, 1, 3, 2 })).isEqualTo(2.5);
        assertThat(Bench.median(new double[0])).isNaN();
    }
}
