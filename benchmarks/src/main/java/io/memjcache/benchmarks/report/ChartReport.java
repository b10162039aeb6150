package io.memjcache.benchmarks.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * A {@link Summary} as a PNG: one bar chart per metric (the medians across rounds; cases along the axis, one bar per
 * target), stacked top to bottom in one image. Drawn headless ({@code java.awt.headless} is set to true unless
 * already set). Stateless; thread-safe.
 */
public final class ChartReport {

    private static final int WIDTH = 1000;
    private static final int HEIGHT_PER_METRIC = 320;

    private ChartReport() {}

    /**
     * Writes the chart of the given metrics (those without any line are left out) and returns how many panels it
     * drew; nothing is written when that is 0.
     *
     * @param file the PNG file, replaced
     * @param summary the medians to draw
     * @param title the image's title, above each panel's metric name
     * @param metrics the metrics to draw, in order, e.g. ops/s then p50, p99, p99.9
     */
    public static int writePng(Path file, Summary summary, String title, List<String> metrics) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        List<JFreeChart> charts = new ArrayList<>();
        for (String metric : metrics) {
            DefaultCategoryDataset dataset = new DefaultCategoryDataset();
            for (Summary.Line line : summary.lines()) {
                if (line.metric().equals(metric)) {
                    dataset.addValue(line.median(), line.target(), line.part() + "/" + line.caseName());
                }
            }
            if (dataset.getRowCount() > 0) {
                JFreeChart chart = ChartFactory.createBarChart(
                        title + ": " + metric + " (median of rounds)",
                        null,
                        metric,
                        dataset,
                        PlotOrientation.VERTICAL,
                        true,
                        false,
                        false);
                chart.setBackgroundPaint(Color.WHITE);
                charts.add(chart);
            }
        }
        if (charts.isEmpty()) {
            return 0;
        }
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT_PER_METRIC * charts.size(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            for (int i = 0; i < charts.size(); i++) {
                charts.get(i).draw(g, new Rectangle2D.Double(0, i * HEIGHT_PER_METRIC, WIDTH, HEIGHT_PER_METRIC));
            }
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer");
        }
        return charts.size();
    }
}
